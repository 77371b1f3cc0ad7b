import { existsSync } from 'node:fs';
import { listDeliveries, type DeliveryListing, type DeliveryStatus } from '../notify/outbox-store.ts';
import { openDatabase } from '../store/database.ts';
import { toIsoOrNull } from '../time/iso.ts';
import { CliError } from './cli-error.ts';
import { displayZone, timeWriter, type WriteTime } from './cli-time.ts';
import { DEFAULT_DB, parseOptions } from './options.ts';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed'];
const USAGE = 'veille notifications list [--status pending|sent|failed] [--limit N] [--json] [--utc] [--config FILE] [--db FILE]';

/** `veille notifications list`: what was sent, what is waiting, what failed and why; newest first. */
export async function notificationsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new CliError(`veille notifications: usage: ${USAGE}`);
  const options = parseOptions('notifications list', rest, {
    status: { type: 'string' },
    limit: { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
    db: { type: 'string', default: DEFAULT_DB },
    utc: { type: 'boolean', default: false },
  });
  if (options.status !== undefined && !(STATUSES as readonly string[]).includes(options.status)) {
    throw new CliError(`veille notifications list: --status must be one of ${STATUSES.join(', ')} (got "${options.status}")`);
  }
  if (!/^\d{1,5}$/.test(options.limit) || Number(options.limit) < 1) {
    throw new CliError(`veille notifications list: --limit must be a whole number from 1 to 99999 (got "${options.limit}")`);
  }
  if (!existsSync(options.db)) throw new CliError(`veille notifications list: --db: no database at ${options.db}`);
  const time = timeWriter(displayZone({ utc: options.utc, config: options.config }));
  const database = openDatabase(options.db);
  try {
    const rows = (await listDeliveries(database.store, { ...(options.status ? { status: options.status as DeliveryStatus } : {}), limit: Number(options.limit) })).map(deliveryView);
    if (options.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log('No notification.');
    else for (const row of rows) console.log(formatLine(row, time));
    return 0;
  } finally {
    database.close();
  }
}

export function deliveryView({ delivery, kind, subject, eventKey }: DeliveryListing) {
  return {
    id: delivery.id,
    status: delivery.status,
    event: kind,
    about: subject,
    key: eventKey,
    channel: delivery.channel,
    recipient: delivery.recipient,
    subject: delivery.subject,
    attempts: delivery.attempts,
    createdAt: toIsoOrNull(delivery.createdAt),
    sentAt: toIsoOrNull(delivery.sentAt),
    nextAttemptAt: delivery.status === 'pending' ? toIsoOrNull(delivery.nextAttemptAt) : null,
    lastAttemptAt: toIsoOrNull(delivery.lastAttemptAt),
    lastError: delivery.lastError,
    ref: delivery.ref,
  };
}

function formatLine(row: ReturnType<typeof deliveryView>, time: WriteTime): string {
  const at = (iso: string | null) => (iso === null ? '-' : time(Date.parse(iso)));
  const outcome =
    row.status === 'sent'
      ? `sent ${at(row.sentAt)} (${row.ref ?? 'no reference'})`
      : row.status === 'failed'
        ? `FAILED after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: ${row.lastError ?? 'no reason recorded'}`
        : `pending, ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}, next ${at(row.nextAttemptAt)}${row.lastError ? ` — last error: ${row.lastError}` : ''}`;
  return `#${row.id}  ${at(row.createdAt)}  ${row.event} ${row.about}  → ${row.channel} ${row.recipient}  ${outcome}\n      ${row.subject}`;
}
