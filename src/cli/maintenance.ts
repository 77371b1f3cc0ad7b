import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { z } from 'zod';
import { buildCalendars } from '../config/calendars.ts';
import { loadConfigFile } from '../config/load-config.ts';
import type { Config } from '../config/types.ts';
import { cancelWindowSchema, createWindowSchema, rescheduleWindowSchema } from '../maintenance/window-input.ts';
import { cancelWindow, registerWindow, rescheduleWindow } from '../maintenance/window-service.ts';
import { currentVersion, windowStatus } from '../maintenance/window-status.ts';
import { allWindows, findWindow, type MaintenanceWindow } from '../maintenance/window-store.ts';
import { windowView } from '../maintenance/window-view.ts';
import { createNotificationEvents } from '../notify/events.ts';
import { clientMessagesQueued, wasNoticedByVeille } from '../notify/maintenance-notices.ts';
import { ApiError, fromZodError } from '../server/api-error.ts';
import { openDatabase } from '../store/database.ts';
import { instantSchema } from '../time/iso.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_CONFIG, DEFAULT_DB, parseOptions } from './options.ts';

// `veille maintenance add|reschedule|list|cancel`: the registry of rule 5 on the database file,
// through the same input schemas and services as the API, so both refuse the same things.
// Notices are queued as the API queues them (outbox rows in the registry's transaction); the
// running daemon's delivery worker e-mails them, and a version's notice counts only once the
// mail server has accepted every message.

const USAGE = [
  'veille maintenance add --env ID [--env ID…] --start TIME (--end TIME | --duration 2h) --impact TEXT [--notify | --notice-sent-at TIME --notice-ref TEXT] [--config FILE] [--db FILE]',
  'veille maintenance reschedule --id N --start TIME (--end TIME | --duration 2h) --reason TEXT [--notify | --notice-sent-at TIME --notice-ref TEXT] [--config FILE] [--db FILE]',
  'veille maintenance cancel --id N --reason TEXT [--notify] [--config FILE] [--db FILE]',
  'veille maintenance list [--from TIME] [--to TIME] [--json] [--db FILE]',
].join('\n  ');

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
  db: { type: 'string', default: DEFAULT_DB },
} as const;

export function maintenanceCommand(args: string[], now: number): number {
  const [sub, ...rest] = args;
  const command = `maintenance ${sub ?? ''}`.trim();
  try {
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
        console.log(`usage:\n  ${USAGE}`);
        return 0;
      default:
        // One line, as for any bad input; the full usage is one `help` away.
        throw new CliError(
          `veille maintenance: ${sub === undefined ? 'say' : `unknown subcommand "${sub}"; use`} add, reschedule, cancel or list (veille maintenance help for their options)`,
        );
    }
  } catch (error) {
    if (error instanceof ApiError) throw cliErrorFrom(command, error);
    throw error;
  }
}

function add(args: string[], now: number): number {
  const options = parseOptions('maintenance add', args, { env: { type: 'string', multiple: true }, impact: { type: 'string' }, ...timesOptions });
  const input = parse(createWindowSchema, {
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
  return withDatabase(options.db, true, (db) => {
    const window = registerWindow({ db, config, notices: noticesFor(config) }, input, { actor: cliActor(), now });
    console.log(`Registered maintenance window ${window.id}: ${describe(window, now)}`);
    tellQueued(db, window, now);
    return 0;
  });
}

function reschedule(args: string[], now: number): number {
  const options = parseOptions('maintenance reschedule', args, { id: { type: 'string' }, reason: { type: 'string' }, ...timesOptions });
  const id = windowId(options.id);
  const input = parse(rescheduleWindowSchema, {
    start: options.start,
    end: options.end,
    duration: options.duration,
    reason: options.reason,
    noticeSentAt: options['notice-sent-at'],
    noticeRef: options['notice-ref'],
    notify: options.notify,
  });
  const config = loadConfigFile(options.config);
  return withDatabase(options.db, false, (db) => {
    const window = rescheduleWindow({ db, config, notices: noticesFor(config) }, id, input, { actor: cliActor(), now });
    console.log(`Rescheduled maintenance window ${window.id} (version ${window.versions.length}): ${describe(window, now)}`);
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
    db: { type: 'string', default: DEFAULT_DB },
  });
  const id = windowId(options.id);
  const input = parse(cancelWindowSchema, { reason: options.reason, notify: options.notify });
  // The window names its environments; the configuration is only needed to tell its clients
  // and subscribers, so a database without one nearby can still be cancelled.
  const configFile = options.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const notices = configFile === undefined ? undefined : noticesFor(loadConfigFile(configFile));
  return withDatabase(options.db, false, (db) => {
    const found = findWindow(db, id);
    if (!notices && found && wasNoticedByVeille(db, found)) {
      throw new CliError(`veille maintenance cancel: --config: veille e-mailed window ${id}'s notice, so its cancellation is e-mailed too: give the configuration`);
    }
    const window = cancelWindow({ db, notices }, id, input, { actor: cliActor(), now });
    console.log(`Cancelled maintenance window ${window.id}: ${describe(window, now)}`);
    tellQueued(db, window, now);
    return 0;
  });
}

function list(args: string[], now: number): number {
  const options = parseOptions('maintenance list', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    db: { type: 'string', default: DEFAULT_DB },
  });
  const from = options.from === undefined ? undefined : parse(instantSchema, options.from, 'from');
  const to = options.to === undefined ? undefined : parse(instantSchema, options.to, 'to');
  if (from !== undefined && to !== undefined && to <= from) throw new CliError('veille maintenance list: --to: must be after --from');
  return withDatabase(options.db, false, (db) => {
    const windows = allWindows(db).filter((window) => {
      const { start, end } = currentVersion(window);
      return (from === undefined || end > from) && (to === undefined || start < to);
    });
    if (options.json) console.log(JSON.stringify(windows.map((window) => windowView(window, now)), null, 2));
    else if (windows.length === 0) console.log('No maintenance window.');
    else for (const window of windows) console.log(`${window.id}  ${describe(window, now)}`);
    return 0;
  });
}

/** The same notification sink as the daemon's: it only writes rows, which the daemon sends. */
function noticesFor(config: Config) {
  return createNotificationEvents({ config, calendars: buildCalendars(config) });
}

/** Says what was queued for the clients and that it waits for the running daemon. */
function tellQueued(db: ReturnType<typeof openDatabase>['db'], window: MaintenanceWindow, now: number): void {
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

function describe(window: MaintenanceWindow, now: number): string {
  const current = currentVersion(window);
  const notice = current.noticeSentAt === null ? 'notice pending' : `notice sent ${iso(current.noticeSentAt)}${current.noticeRef ? ` (${current.noticeRef})` : ''}`;
  return [
    `[${windowStatus(window, now)}]`,
    window.environmentIds.join(','),
    `${iso(current.start)} → ${iso(current.end)}`,
    `"${window.impact}"`,
    `${notice}, recorded ${iso(current.recordedAt)} by ${current.recordedBy}`,
    ...(window.cancelledAt !== null ? [`cancelled ${iso(window.cancelledAt)} by ${window.cancelledBy}: ${window.cancelReason}`] : []),
  ].join('  ');
}

function withDatabase(file: string, create: boolean, run: (db: ReturnType<typeof openDatabase>['db']) => number): number {
  // Reading or changing the registry must not create an empty database by mistake.
  if (!create && file !== ':memory:' && !existsSync(file)) throw new CliError(`veille maintenance: --db: no database at ${file}`);
  const database = openDatabase(file);
  try {
    return run(database.db);
  } finally {
    database.close();
  }
}

/** Who is at the keyboard, for the audit log. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

function windowId(text: string | undefined): number {
  if (text === undefined) throw new CliError('veille maintenance: --id: required (the window id)');
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new CliError(`veille maintenance: --id: "${text}" is not a window id`);
  return Number(text);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, field?: string): z.output<S> {
  // Flags left out are absent, not undefined values, so that schemas see what the API would.
  const cleaned = value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) : value;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) throw fromZodError(parsed.error, field);
  return parsed.data;
}

/** One line naming the flag, as the command line spells it. */
export function cliErrorFrom(command: string, error: ApiError): CliError {
  if (error.fields.length === 0) return new CliError(`veille ${command}: ${error.message}`);
  const parts = error.fields.map((problem) => {
    const [head, ...tail] = problem.field.split(/(?=[.[])/);
    const flag = FLAG[head!] ?? problem.field;
    return `${flag}${tail.length && head === 'environments' ? ` (${tail.join('')})` : ''}: ${problem.message}`;
  });
  return new CliError(`veille ${command}: ${parts.join('; ')}`);
}

const iso = (ms: number) => new Date(ms).toISOString();
