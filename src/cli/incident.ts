import { existsSync } from 'node:fs';
import { buildCalendars } from '../config/calendars.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { deadlineStatus } from '../incidents/deadlines.ts';
import { clockStopSchema, createIncidentSchema, incidentUpdateSchema, priorityChangeSchema } from '../incidents/incident-input.ts';
import { addIncidentUpdate, changePriority, createIncident, resolveIncident, respondToIncident, type DeskDeps } from '../incidents/incident-service.ts';
import { eventsOf, findIncident, loadIncidents, type Incident } from '../incidents/incident-store.ts';
import { incidentView, stateOf } from '../incidents/incident-view.ts';
import { instantSchema } from '../time/iso.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Store } from '../store/store.ts';
import { CliError } from './cli-error.ts';
import { displayZone, shortDuration, timeWriter, type WriteTime } from './cli-time.ts';
import { chosenDatabase, databaseOfOptionalConfig } from './database-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';
import { cliActor, noticesFor, parseFlags, recordId, refusalsAsFlags } from './registry-cli.ts';
import { databaseSource, withStore } from './registry-store.ts';

// `veille incident list|show|open|update|respond|priority|resolve`: the support desk of rule 8
// on the database (a SQLite file or PostgreSQL), through the API's schemas and services, so both refuse the same things.
// Flags are the API's fields in kebab case (--opened-at for openedAt); --env names an environment.

export const INCIDENT_USAGE = [
  'veille incident list [--state open|resolved] [--from TIME] [--to TIME] [--json] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille incident show --id N [--json] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille incident open --title TEXT --priority I|II|III|IV [--env ID…] [--kind incident|question|help|data_change|batch_change] [--channel email|phone|chat|web] [--public] [--opened-at TIME --external-ref TEXT] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille incident update --id N --message TEXT [--monitoring] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille incident respond --id N [--at TIME] [--message TEXT] [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille incident priority --id N --priority I|II|III|IV --reason TEXT [--utc] [--config FILE] [--db FILE|postgres://…]',
  'veille incident resolve --id N [--at TIME] [--message TEXT] [--utc] [--config FILE] [--db FILE|postgres://…]',
];

const FLAG: Record<string, string> = {
  title: '--title',
  priority: '--priority',
  environments: '--env',
  openedAt: '--opened-at',
  externalRef: '--external-ref',
  kind: '--kind',
  channel: '--channel',
  public: '--public',
  at: '--at',
  message: '--message',
  monitoring: '--monitoring',
  reason: '--reason',
  from: '--from',
  to: '--to',
};

const common = {
  config: { type: 'string', default: DEFAULT_CONFIG },
  db: { type: 'string' },
  utc: { type: 'boolean', default: false },
} as const;

type Sub = (args: string[], now: number) => Promise<number>;

const SUBCOMMANDS: Record<string, Sub> = { list, show, open, update, respond, priority, resolve };

export async function incidentCommand(args: string[], now: number): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    console.log(`usage:\n  ${INCIDENT_USAGE.join('\n  ')}`);
    return 0;
  }
  const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!run) {
    throw new CliError(`veille incident: ${sub === undefined ? 'say' : `unknown subcommand "${sub}"; use`} ${Object.keys(SUBCOMMANDS).join(', ')} (veille incident help for their options)`);
  }
  return refusalsAsFlags(`incident ${sub}`, FLAG, () => run(rest, now));
}

/** The desk on the database and configuration of the flags; writes queue their notices for the running daemon. */
function withDesk(command: string, options: { config: string; db?: string | undefined; utc: boolean }, create: boolean, run: (desk: DeskDeps, time: WriteTime) => Promise<number>): Promise<number> {
  const config = loadConfigFile(options.config);
  const time = timeWriter(displayZone({ utc: options.utc, config }));
  return withStore(
    command,
    chosenDatabase(options.db, config),
    create,
    (store) => run({ store, config, calendars: buildCalendars(config), notices: noticesFor(config) }, time),
    databaseSource(options.db, options.config),
  );
}

async function list(args: string[], now: number): Promise<number> {
  const options = parseOptions('incident list', args, {
    state: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    ...common,
  });
  if (options.state !== undefined && options.state !== 'open' && options.state !== 'resolved') throw new CliError(`veille incident list: --state: must be open or resolved (got "${options.state}")`);
  const from = options.from === undefined ? undefined : parseFlags(instantSchema, options.from, 'from');
  const to = options.to === undefined ? undefined : parseFlags(instantSchema, options.to, 'to');
  if (from !== undefined && to !== undefined && to <= from) throw new CliError('veille incident list: --to: must be after --from');
  const time = readTime(options);
  return withReadStore('incident list', options, async (store) => {
    const found = (await loadIncidents(store, { from, to, unresolvedOnly: options.state === 'open' })).filter((incident) => options.state !== 'resolved' || incident.resolvedAt !== null);
    if (options.json) await printJson(store, found, now);
    else if (found.length === 0) console.log('No incident.');
    else for (const incident of found) console.log(describe(incident, now, time));
    return 0;
  });
}

async function show(args: string[], now: number): Promise<number> {
  const options = parseOptions('incident show', args, { id: { type: 'string' }, json: { type: 'boolean', default: false }, ...common });
  const id = recordId('incident show', options.id, 'incident');
  const time = readTime(options);
  return withReadStore('incident show', options, async (store) => {
    const incident = await findIncident(store, id);
    if (!incident) throw new CliError(`veille incident show: --id: no incident ${id}`);
    if (options.json) await printJson(store, [incident], now, true);
    else await printIncident(store, incident, now, time);
    return 0;
  });
}

async function open(args: string[], now: number): Promise<number> {
  const options = parseOptions('incident open', args, {
    title: { type: 'string' },
    priority: { type: 'string' },
    env: { type: 'string', multiple: true },
    kind: { type: 'string' },
    channel: { type: 'string' },
    public: { type: 'boolean' },
    'opened-at': { type: 'string' },
    'external-ref': { type: 'string' },
    ...common,
  });
  const input = parseFlags(createIncidentSchema, {
    title: options.title,
    priority: options.priority,
    environments: options.env,
    kind: options.kind,
    channel: options.channel,
    public: options.public,
    openedAt: options['opened-at'],
    externalRef: options['external-ref'],
  });
  return withDesk('incident open', options, true, async (desk, time) => {
    const incident = await createIncident(desk, input, { actor: cliActor(), now });
    console.log(`Opened incident ${incident.id}: ${describe(incident, now, time)}`);
    return 0;
  });
}

async function update(args: string[], now: number): Promise<number> {
  const options = parseOptions('incident update', args, { id: { type: 'string' }, message: { type: 'string' }, monitoring: { type: 'boolean' }, ...common });
  const id = recordId('incident update', options.id, 'incident');
  const input = parseFlags(incidentUpdateSchema, { message: options.message, monitoring: options.monitoring });
  return withDesk('incident update', options, false, async (desk, time) => {
    const incident = await addIncidentUpdate(desk, id, input, { actor: cliActor(), now });
    console.log(`Posted ${input.monitoring ? 'a monitoring update' : 'an update'} on incident ${id}: ${describe(incident, now, time)}`);
    return 0;
  });
}

async function respond(args: string[], now: number): Promise<number> {
  return clockStop('respond', args, now);
}

async function resolve(args: string[], now: number): Promise<number> {
  return clockStop('resolve', args, now);
}

async function clockStop(action: 'respond' | 'resolve', args: string[], now: number): Promise<number> {
  const command = `incident ${action}`;
  const options = parseOptions(command, args, { id: { type: 'string' }, at: { type: 'string' }, message: { type: 'string' }, ...common });
  const id = recordId(command, options.id, 'incident');
  const input = parseFlags(clockStopSchema, { at: options.at, message: options.message });
  return withDesk(command, options, false, async (desk, time) => {
    const incident = await (action === 'respond' ? respondToIncident : resolveIncident)(desk, id, input, { actor: cliActor(), now });
    console.log(`${action === 'respond' ? 'Recorded the response to' : 'Resolved'} incident ${id}: ${describe(incident, now, time)}`);
    return 0;
  });
}

async function priority(args: string[], now: number): Promise<number> {
  const options = parseOptions('incident priority', args, { id: { type: 'string' }, priority: { type: 'string' }, reason: { type: 'string' }, ...common });
  const id = recordId('incident priority', options.id, 'incident');
  const input = parseFlags(priorityChangeSchema, { priority: options.priority, reason: options.reason });
  return withDesk('incident priority', options, false, async (desk, time) => {
    const incident = await changePriority(desk, id, input, { actor: cliActor(), now });
    console.log(`Changed incident ${id} to priority ${incident.priority}: ${describe(incident, now, time)}`);
    return 0;
  });
}

/** The store a listing reads: --db, else the configuration's database when there is one, else the default file. */
function withReadStore(command: string, options: { config: string; db?: string | undefined }, run: (store: Store) => Promise<number>): Promise<number> {
  const configFile = configIfAny(options);
  return withStore(command, databaseOfOptionalConfig(options.db, configFile), false, run, databaseSource(options.db, configFile));
}

/** Reading needs the configuration only for the zone times are shown in (and its database): the default file when present. */
function readTime(options: { config: string; utc: boolean }): WriteTime {
  return timeWriter(displayZone({ utc: options.utc, config: configIfAny(options) }));
}

function configIfAny(options: { config: string }): string | undefined {
  return options.config !== DEFAULT_CONFIG || existsSync(DEFAULT_CONFIG) ? options.config : undefined;
}

async function printJson(store: AnyDialect, incidents: readonly Incident[], now: number, single = false): Promise<void> {
  const events = await eventsOf(store, incidents.map((incident) => incident.id));
  const views = incidents.map((incident) => incidentView(incident, events, now));
  console.log(JSON.stringify(single ? views[0] : views, null, 2));
}

/** One line: state, priority, title, environments and both clocks. */
function describe(incident: Incident, now: number, time: WriteTime): string {
  const status = deadlineStatus({ ...incident, now });
  return [
    `#${incident.id}`,
    `[${stateOf(incident)}]`,
    `priority ${incident.priority}`,
    `"${incident.title}"`,
    incident.environmentIds.join(',') || '-',
    `${incident.kind}/${incident.channel}${incident.public ? '/public' : ''}`,
    `response ${clock(incident.responseDueAt, incident.respondedAt, status.responseMet, status.responseLeftMs, time)}`,
    `resolution ${clock(incident.resolutionDueAt, incident.resolvedAt, status.resolutionMet, status.resolutionLeftMs, time)}`,
  ].join('  ');
}

/** A support clock: due, then time left or late while it runs; met or missed once stopped. */
function clock(dueAt: number | null, stoppedAt: number | null, met: boolean | null, leftMs: number | null, time: WriteTime): string {
  if (dueAt === null) return stoppedAt === null ? 'no deadline' : `no deadline, done ${time(stoppedAt)}`;
  const left = leftMs ?? 0;
  if (met === null) return `due ${time(dueAt)} (${left >= 0 ? `${shortDuration(left)} left` : `late by ${shortDuration(left)}`})`;
  return `due ${time(dueAt)}, ${met ? 'met' : `missed by ${shortDuration(left)}`} ${time(stoppedAt!)}`;
}

async function printIncident(store: AnyDialect, incident: Incident, now: number, time: WriteTime): Promise<void> {
  console.log(describe(incident, now, time));
  console.log(`opened ${time(incident.openedAt)} by ${incident.createdBy}${incident.externalRef ? ` (external ref ${incident.externalRef})` : ''}, calendar ${incident.calendar}`);
  for (const event of await eventsOf(store, [incident.id])) {
    console.log(`  ${time(event.at)}  ${event.type}  ${event.actor}${event.message === null ? '' : `  ${event.message}`}`);
  }
}
