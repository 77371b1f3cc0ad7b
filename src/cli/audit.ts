import { existsSync } from 'node:fs';
import { auditEntryView, auditQuerySchema } from '../audit/audit-routes.ts';
import { listAudit } from '../audit/audit-log.ts';
import { openDatabase } from '../store/database.ts';
import { CliError } from './cli-error.ts';
import { displayZone, timeWriter } from './cli-time.ts';
import { DEFAULT_DB, parseOptions } from './options.ts';

/** `veille audit [--from TIME] [--to TIME] [--limit N] [--json] [--utc] [--config FILE] [--db FILE]`: every write, newest first. */
export async function auditCommand(args: string[]): Promise<number> {
  const options = parseOptions('audit', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
    db: { type: 'string', default: DEFAULT_DB },
    utc: { type: 'boolean', default: false },
  });
  const query = auditQuerySchema.safeParse(Object.fromEntries(Object.entries({ from: options.from, to: options.to, limit: options.limit }).filter(([, v]) => v !== undefined)));
  if (!query.success) {
    const issue = query.error.issues[0]!;
    throw new CliError(`veille audit: --${String(issue.path[0])}: ${issue.message}`);
  }
  if (query.data.from !== undefined && query.data.to !== undefined && query.data.to <= query.data.from) throw new CliError('veille audit: --to: must be after --from');
  if (!existsSync(options.db)) throw new CliError(`veille audit: --db: no database at ${options.db}`);
  const time = timeWriter(displayZone({ utc: options.utc, config: options.config }));
  const database = openDatabase(options.db);
  try {
    const entries = (await listAudit(database.store, query.data)).map(auditEntryView);
    if (options.json) console.log(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) console.log('No audit entry.');
    else for (const e of entries) console.log(`${time(Date.parse(e.at))}  ${e.actor}  ${e.action}  ${e.target ?? '-'}  ${e.details === null ? '' : JSON.stringify(e.details)}`.trimEnd());
    return 0;
  } finally {
    database.close();
  }
}
