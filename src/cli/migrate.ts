import { existsSync } from 'node:fs';
import { buildCalendars } from '../config/calendars.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { environmentsOnlyInDatabase } from '../reports/configuration-match.ts';
import { firstDifference, monthsBetween } from '../reports/store-comparison.ts';
import { postgresDialect, sqliteDialect } from '../store/any-dialect.ts';
import { assertEmptyTarget, copyTables, countRows, TargetNotEmptyError, type TableCount } from '../store/copy-to-postgres.ts';
import { DatabaseOpenError, openDatabase, type OpenDatabase } from '../store/database.ts';
import { isPostgresUrl, withoutPassword } from '../store/database-url.ts';
import { migratePostgres, openPostgres, postgresRefusal, type OpenPostgres } from '../store/postgres.ts';
import { reportReads } from '../store/report-reads.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';

/** The copy and its proof disagree: the transaction is rolled back and the target left empty. */
class CopyDiffers extends Error {}

/**
 * `veille migrate --from FILE --to URL [--config FILE]`: copies a SQLite database into an empty
 * PostgreSQL one in a single transaction, and commits only once the copy is proven: the same rows
 * per table, and the same monthly reports for every month with data, computed from each (the
 * configuration the daemon ran with says which environments, calendars and checks).
 */
export async function migrateCommand(args: string[], now: number): Promise<number> {
  const options = parseOptions('migrate', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    config: { type: 'string', default: DEFAULT_CONFIG },
  });
  if (options.from === undefined || options.from.trim() === '') throw new CliError('veille migrate: --from FILE is required (the SQLite database to copy)');
  if (options.to === undefined || options.to.trim() === '') throw new CliError('veille migrate: --to URL is required (the empty PostgreSQL database to copy into, postgres://…)');
  if (isPostgresUrl(options.from)) throw new CliError(`veille migrate: --from: ${withoutPassword(options.from)} is a PostgreSQL URL; give the SQLite database file to copy`);
  if (!isPostgresUrl(options.to)) throw new CliError(`veille migrate: --to: ${options.to} is not a PostgreSQL URL (postgres://user@host/database or postgresql://…)`);
  if (!existsSync(options.from)) throw new CliError(`veille migrate: --from: no database at ${options.from}`);
  const target = withoutPassword(options.to);
  const config = loadConfigFile(options.config);
  const calendars = buildCalendars(config);

  const source = opened('--from', () => openDatabase(options.from!));
  let postgres: OpenPostgres | null = null;
  try {
    const sourceReads = reportReads(sqliteDialect(source.db));
    const unknown = await environmentsOnlyInDatabase(sourceReads, config);
    if (unknown.length > 0) {
      throw new CliError(`veille migrate: --config: ${options.config} names none of the environments recorded in ${options.from} (${unknown.slice(0, 5).join(', ')}); pass the --config the daemon ran with, so the copy can be proven`);
    }
    postgres = await openedAsync('--to', () => openPostgres(options.to!, { schema: 'untouched' }));
    const into = postgres.db;
    await refusedAsCliError(async () => {
      try {
        await assertEmptyTarget(into);
      } catch (error) {
        if (error instanceof TargetNotEmptyError) throw new CliError(`veille migrate: --to: ${target} is not empty: ${error.message}`);
        throw error;
      }
      await migratePostgres(into);
    });

    // One read transaction on the source: every table, and the reports it is compared by, from one instant.
    source.sqlite.exec('BEGIN');
    const span = dataSpan(source, now);
    const months = monthsBetween(calendars, span.first, span.last);
    let copied: TableCount[] = [];
    try {
      await refusedAsCliError(() =>
        into.transaction(async (tx) => {
          copied = await copyTables(source.sqlite, tx);
          const counted = await countRows(tx);
          const short = counted.find((count, index) => count.rows !== copied[index]!.rows);
          if (short) throw new CopyDiffers(`${short.table} holds ${short.rows} rows in ${target} after the copy, not ${copied.find((c) => c.table === short.table)!.rows}`);
          const difference = await firstDifference({ source: sourceReads, target: reportReads(postgresDialect(tx)) }, { config, calendars }, months, now);
          if (difference) throw new CopyDiffers(`${difference} differs between the two databases`);
        }),
      );
    } catch (error) {
      if (error instanceof CopyDiffers) throw new CliError(`veille migrate: the copy was not proven, and was undone: ${error.message}`);
      throw error;
    }
    const width = Math.max(...copied.map((count) => count.table.length));
    console.log(`veille migrate: copied ${options.from} into ${target}`);
    for (const count of copied) console.log(`  ${count.table.padEnd(width)}  ${String(count.rows).padStart(9)} row${count.rows === 1 ? '' : 's'}`);
    const range = months.length === 1 ? months[0] : `${months[0]} to ${months.at(-1)}`;
    console.log(
      `veille migrate: proven: the same rows in every table, and the same ${months.length} monthly report${months.length === 1 ? '' : 's'} (${range}) for the ${config.environments.length} environments of ${options.config} from both databases`,
    );
    return 0;
  } finally {
    if (source.sqlite.inTransaction) source.sqlite.exec('COMMIT');
    source.close();
    await postgres?.close();
  }
}

/** From the earliest instant the source records to the latest (or now, if later): the months to compare. */
function dataSpan(source: OpenDatabase, now: number): { first: number; last: number } {
  const row = source.sqlite
    .prepare(
      `select min(first) as first, max(last) as last from (
         select min(first_seen_at) as first, max(first_seen_at) as last from environments_seen
         union all select min(start), max(coalesce("end", start)) from outages
         union all select min(start), max("end") from unmonitored_spans
         union all select min(first_at), max(last_at) from probe_runs
         union all select min(start), max("end") from maintenance_versions
         union all select min(opened_at), max(opened_at) from incidents)`,
    )
    .get() as { first: number | null; last: number | null };
  return { first: Math.min(row.first ?? now, now), last: Math.max(row.last ?? now, now) };
}

/** A statement PostgreSQL refused (no right to create tables, the connection lost) is one line naming --to. */
async function refusedAsCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const said = postgresRefusal(error);
    if (said !== null) throw new CliError(`veille migrate: --to: PostgreSQL refused: ${said}`);
    throw error;
  }
}

function opened<T>(flag: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliError(`veille migrate: ${flag}: ${error.message}`);
    throw error;
  }
}

async function openedAsync<T>(flag: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliError(`veille migrate: ${flag}: ${error.message}`);
    throw error;
  }
}
