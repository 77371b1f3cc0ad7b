import { existsSync } from 'node:fs';
import { loadConfigFile } from '../config/load-config.ts';
import { noticeState, type NoticeState } from '../maintenance/notice-state.ts';
import { cancelWindowSchema, createWindowSchema, rescheduleWindowSchema } from '../maintenance/window-input.ts';
import { cancelWindow, registerWindow, rescheduleWindow } from '../maintenance/window-service.ts';
import { currentVersion, windowStatus } from '../maintenance/window-status.ts';
import { allWindows, findWindow, type MaintenanceWindow } from '../maintenance/window-store.ts';
import { windowView } from '../maintenance/window-view.ts';
import { clientMessagesQueued, wasNoticedByVeille } from '../notify/maintenance-notices.ts';
import { noticedVersionIds } from '../notify/outbox-store.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { instantSchema } from '../time/iso.ts';
import { CliError } from './cli-error.ts';
import { displayZone, timeWriter, type WriteTime } from './cli-time.ts';
import { chosenDatabase, databaseOfOptionalConfig } from './database-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';
import { cliActor, noticesFor, parseFlags, recordId, refusalsAsFlags } from './registry-cli.ts';
import { databaseSource, withStore } from './registry-store.ts';

// `veille maintenance add|reschedule|list|cancel`: the registry of rule 5 on the database (a
// SQLite file, or a PostgreSQL database veille holds),
// through the same input schemas and services as the API, so both refuse the same things.
// Notices are queued as the API queues them (outbox rows in the registry's transaction); the
// running daemon's delivery worker e-mails them, and a version's notice counts only once the
// mail server has accepted every message.

export const MAINTENANCE_USAGE = [
  'veille maintenance add --env ID [--env ID…] --start TIME (--end TIME | --duration 2h) --impact TEXT [--notify | --notice-sent-at TIME --notice-ref TEXT] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille maintenance reschedule --id N --start TIME (--end TIME | --duration 2h) --reason TEXT [--notify | --notice-sent-at TIME --notice-ref TEXT] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille maintenance cancel --id N --reason TEXT [--notify] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille maintenance list [--from TIME] [--to TIME] [--json] [--utc] [--config FILE] [--db FILE|postgres://…]',
];

// Body fields as the command line spells them, for error messages.
const FLAG: Record<string, string> = {
  environments: '--env',
  start: '--start',
  end: '--end',
  duration: '--duration',
  impact: '--impact',
  noticeSentAt: '--notice-sent-at',
  noticeRef: '--notice-ref',
  reason: '--reason',
  notify: '--notify',
  id: '--id',
  from: '--from',
  to: '--to',
};

const timesOptions = {
  start: { type: 'string' },
  end: { type: 'string' },
  duration: { type: 'string' },
  'notice-sent-at': { type: 'string' },
  'notice-ref': { type: 'string' },
  // No default: left out on a reschedule, veille e-mails the change when it e-mailed the notice.
  notify: { type: 'boolean' },
  config: { type: 'string', default: DEFAULT_CONFIG },
  db: { type: 'string' },
  utc: { type: 'boolean', default: false },
} as const;

export function maintenanceCommand(args: string[], now: number): Promise<number> {
  const [sub, ...rest] = args;
  const command = `maintenance ${sub ?? ''}`.trim();
  return refusalsAsFlags(command, FLAG, () => {
    switch (sub) {
      case 'add':
        return add(rest, now);
      case 'reschedule':
        return reschedule(rest, now);
      case 'cancel':
        return cancel(rest, now);
      case 'list':
        return list(rest, now);
      case 'help':
      case '--help':
      case '-h':
        console.log(`usage:\n  ${MAINTENANCE_USAGE.join('\n  ')}`);
        return Promise.resolve(0);
      default:
        // One line, as for any bad input; the full usage is one `help` away.
        throw new CliError(
          `veille maintenance: ${sub === undefined ? 'say' : `unknown subcommand "${sub}"; use`} add, reschedule, cancel or list (veille maintenance help for their options)`,
        );
    }
  });
}

async function add(args: string[], now: number): Promise<number> {
  const options = parseOptions('maintenance add', args, { env: { type: 'string', multiple: true }, impact: { type: 'string' }, ...timesOptions });
  const input = parseFlags(createWindowSchema, {
    environments: options.env ?? [],
    start: options.start,
    end: options.end,
    duration: options.duration,
    impact: options.impact,
    noticeSentAt: options['notice-sent-at'],
    noticeRef: options['notice-ref'],
    notify: options.notify,
  });
  const config = loadConfigFile(options.config);
  const time = timeWriter(displayZone({ utc: options.utc, config }));
  return withStore('maintenance add', chosenDatabase(options.db, config), true, async (store) => {
    const window = await registerWindow({ store, config, notices: noticesFor(config) }, input, { actor: cliActor(), now });
    console.log(`Registered maintenance window ${window.id}: ${await describe(store, window, now, time)}`);
    await tellQueued(store, window, now);
    return 0;
  }, databaseSource(options.db, options.config));
}

async function reschedule(args: string[], now: number): Promise<number> {
  const options = parseOptions('maintenance reschedule', args, { id: { type: 'string' }, reason: { type: 'string' }, ...timesOptions });
  const id = recordId('maintenance reschedule', options.id, 'window');
  const input = parseFlags(rescheduleWindowSchema, {
    start: options.start,
    end: options.end,
    duration: options.duration,
    reason: options.reason,
    noticeSentAt: options['notice-sent-at'],
    noticeRef: options['notice-ref'],
    notify: options.notify,
  });
  const config = loadConfigFile(options.config);
  const time = timeWriter(displayZone({ utc: options.utc, config }));
  return withStore('maintenance reschedule', chosenDatabase(options.db, config), false, async (store) => {
    const window = await rescheduleWindow({ store, config, notices: noticesFor(config) }, id, input, { actor: cliActor(), now });
    console.log(`Rescheduled maintenance window ${window.id} (version ${window.versions.length}): ${await describe(store, window, now, time)}`);
    await tellQueued(store, window, now);
    return 0;
  }, databaseSource(options.db, options.config));
}

async function cancel(args: string[], now: number): Promise<number> {
  const options = parseOptions('maintenance cancel', args, {
    id: { type: 'string' },
    reason: { type: 'string' },
    notify: { type: 'boolean' },
    config: { type: 'string' },
    db: { type: 'string' },
    utc: { type: 'boolean', default: false },
  });
  const id = recordId('maintenance cancel', options.id, 'window');
  const input = parseFlags(cancelWindowSchema, { reason: options.reason, notify: options.notify });
  // The window names its environments; the configuration is only needed to tell its clients
  // and subscribers, so a database without one nearby can still be cancelled.
  const configFile = options.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = configFile === undefined ? undefined : loadConfigFile(configFile);
  const notices = config === undefined ? undefined : noticesFor(config);
  const time = timeWriter(displayZone({ utc: options.utc, config }));
  return withStore('maintenance cancel', databaseOfOptionalConfig(options.db, configFile), false, async (store) => {
    const found = await findWindow(store, id);
    if (!notices && found && (await wasNoticedByVeille(store, found))) {
      throw new CliError(`veille maintenance cancel: --config: veille e-mailed window ${id}'s notice, so its cancellation is e-mailed too: give the configuration`);
    }
    const window = await cancelWindow({ store, notices }, id, input, { actor: cliActor(), now });
    console.log(`Cancelled maintenance window ${window.id}: ${await describe(store, window, now, time)}`);
    await tellQueued(store, window, now);
    return 0;
  }, databaseSource(options.db, configFile));
}

async function list(args: string[], now: number): Promise<number> {
  const options = parseOptions('maintenance list', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
    db: { type: 'string' },
    utc: { type: 'boolean', default: false },
  });
  const time = timeWriter(displayZone({ utc: options.utc, config: options.config }));
  const from = options.from === undefined ? undefined : parseFlags(instantSchema, options.from, 'from');
  const to = options.to === undefined ? undefined : parseFlags(instantSchema, options.to, 'to');
  if (from !== undefined && to !== undefined && to <= from) throw new CliError('veille maintenance list: --to: must be after --from');
  return withStore('maintenance list', databaseOfOptionalConfig(options.db, options.config), false, async (store) => {
    const windows = (await allWindows(store)).filter((window) => {
      const { start, end } = currentVersion(window);
      return (from === undefined || end > from) && (to === undefined || start < to);
    });
    if (options.json) console.log(JSON.stringify(windows.map((window) => windowView(window, now)), null, 2));
    else if (windows.length === 0) console.log('No maintenance window.');
    else for (const window of windows) console.log(`${window.id}  ${await describe(store, window, now, time)}`);
    return 0;
  }, databaseSource(options.db, options.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined)));
}

/** Says what was queued for the clients and that it waits for the running daemon. */
async function tellQueued(store: AnyDialect, window: MaintenanceWindow, now: number): Promise<void> {
  const queued = await clientMessagesQueued(store, window.id, now);
  if (queued === 0) return;
  const emails = `${queued} e-mail${queued === 1 ? '' : 's'} to the clients' contacts`;
  if (window.cancelledAt !== null) {
    console.log(`Notice of cancellation queued: ${emails}, sent by the running daemon (veille start).`);
  } else {
    console.log(
      `Formal notice queued: ${emails}. The notice is pending until the running daemon (veille start) sends them and the mail server accepts every one; ` +
        'then noticeSentAt is set. No exclusion counts for this version before then.',
    );
  }
}

/** One line: status, environments, times, impact, how the current times were announced, cancellation. */
async function describe(store: AnyDialect, window: MaintenanceWindow, now: number, time: WriteTime): Promise<string> {
  const current = currentVersion(window);
  const emailed = (await noticedVersionIds(store, [current.id])).has(current.id);
  return [
    `[${windowStatus(window, now)}]`,
    window.environmentIds.join(','),
    `${time(current.start)} → ${time(current.end)}`,
    `"${window.impact}"`,
    `${noticeText(noticeState(current, emailed), time)}, recorded ${time(current.recordedAt)} by ${current.recordedBy}`,
    ...(window.cancelledAt !== null ? [`cancelled ${time(window.cancelledAt)} by ${window.cancelledBy}: ${window.cancelReason}`] : []),
  ].join('  ');
}

/** The notice as the SRE console states it: never "sent" when veille only took the registration time. */
function noticeText(notice: NoticeState, time: WriteTime): string {
  switch (notice.kind) {
    case 'emailed':
      return `notice e-mailed by veille ${time(notice.at)}${notice.ref ? ` (${notice.ref})` : ''}`;
    case 'pending':
      return 'notice pending (e-mail not yet accepted)';
    case 'recorded':
      return `notice sent ${time(notice.at)} (recorded by hand, ref ${notice.ref})`;
    case 'none':
      return `no notice: the registration time ${time(notice.at)} is taken as the notice time`;
  }
}
