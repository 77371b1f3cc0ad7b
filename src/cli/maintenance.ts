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
import type { Db } from '../store/database.ts';
import { instantSchema } from '../time/iso.ts';
import { CliError } from './cli-error.ts';
import { displayZone, timeWriter, type WriteTime } from './cli-time.ts';
import { chosenDatabase, databaseOfOptionalConfig } from './database-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';
import { cliActor, noticesFor, parseFlags, recordId, refusalsAsFlags, withDatabase } from './registry-cli.ts';

// `veille maintenance add|reschedule|list|cancel`: the registry of rule 5 on the database file,
// through the same input schemas and services as the API, so both refuse the same things.
// Notices are queued as the API queues them (outbox rows in the registry's transaction); the
// running daemon's delivery worker e-mails them, and a version's notice counts only once the
// mail server has accepted every message.

export const MAINTENANCE_USAGE = [
  'veille maintenance add --env ID [--env ID…] --start TIME (--end TIME | --duration 2h) --impact TEXT [--notify | --notice-sent-at TIME --notice-ref TEXT] [--utc] [--config FILE] [--db FILE]',
  'veille maintenance reschedule --id N --start TIME (--end TIME | --duration 2h) --reason TEXT [--notify | --notice-sent-at TIME --notice-ref TEXT] [--utc] [--config FILE] [--db FILE]',
  'veille maintenance cancel --id N --reason TEXT [--notify] [--utc] [--config FILE] [--db FILE]',
  'veille maintenance list [--from TIME] [--to TIME] [--json] [--utc] [--config FILE] [--db FILE]',
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

export function maintenanceCommand(args: string[], now: number): number {
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
        return 0;
      default:
        // One line, as for any bad input; the full usage is one `help` away.
        throw new CliError(
          `veille maintenance: ${sub === undefined ? 'say' : `unknown subcommand "${sub}"; use`} add, reschedule, cancel or list (veille maintenance help for their options)`,
        );
    }
  });
}

function add(args: string[], now: number): number {
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
  return withDatabase('maintenance add', chosenDatabase('maintenance add', options.db, config, options.config, { postgres: false }), true, (db) => {
    const window = registerWindow({ db, config, notices: noticesFor(config) }, input, { actor: cliActor(), now });
    console.log(`Registered maintenance window ${window.id}: ${describe(db, window, now, time)}`);
    tellQueued(db, window, now);
    return 0;
  });
}

function reschedule(args: string[], now: number): number {
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
  return withDatabase('maintenance reschedule', chosenDatabase('maintenance reschedule', options.db, config, options.config, { postgres: false }), false, (db) => {
    const window = rescheduleWindow({ db, config, notices: noticesFor(config) }, id, input, { actor: cliActor(), now });
    console.log(`Rescheduled maintenance window ${window.id} (version ${window.versions.length}): ${describe(db, window, now, time)}`);
    tellQueued(db, window, now);
    return 0;
  });
}

function cancel(args: string[], now: number): number {
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
  return withDatabase('maintenance cancel', databaseOfOptionalConfig('maintenance cancel', options.db, configFile), false, (db) => {
    const found = findWindow(db, id);
    if (!notices && found && wasNoticedByVeille(db, found)) {
      throw new CliError(`veille maintenance cancel: --config: veille e-mailed window ${id}'s notice, so its cancellation is e-mailed too: give the configuration`);
    }
    const window = cancelWindow({ db, notices }, id, input, { actor: cliActor(), now });
    console.log(`Cancelled maintenance window ${window.id}: ${describe(db, window, now, time)}`);
    tellQueued(db, window, now);
    return 0;
  });
}

function list(args: string[], now: number): number {
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
  return withDatabase('maintenance list', databaseOfOptionalConfig('maintenance list', options.db, options.config), false, (db) => {
    const windows = allWindows(db).filter((window) => {
      const { start, end } = currentVersion(window);
      return (from === undefined || end > from) && (to === undefined || start < to);
    });
    if (options.json) console.log(JSON.stringify(windows.map((window) => windowView(window, now)), null, 2));
    else if (windows.length === 0) console.log('No maintenance window.');
    else for (const window of windows) console.log(`${window.id}  ${describe(db, window, now, time)}`);
    return 0;
  });
}

/** Says what was queued for the clients and that it waits for the running daemon. */
function tellQueued(db: Db, window: MaintenanceWindow, now: number): void {
  const queued = clientMessagesQueued(db, window.id, now);
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
function describe(db: Db, window: MaintenanceWindow, now: number, time: WriteTime): string {
  const current = currentVersion(window);
  return [
    `[${windowStatus(window, now)}]`,
    window.environmentIds.join(','),
    `${time(current.start)} → ${time(current.end)}`,
    `"${window.impact}"`,
    `${noticeText(noticeState(current, noticedVersionIds(db, [current.id]).has(current.id)), time)}, recorded ${time(current.recordedAt)} by ${current.recordedBy}`,
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
