import { buildCalendars } from '../config/calendars.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { formatReportTable } from '../reports/report-table.ts';
import { environmentsOnlyInDatabase } from '../reports/configuration-match.ts';
import { readMonthlyReport } from '../reports/monthly-report.ts';
import { parseMonth } from '../reports/month.ts';
import { postgresDialect, sqliteDialect } from '../store/any-dialect.ts';
import { openDatabase } from '../store/database.ts';
import { isPostgresUrl, withoutPassword } from '../store/database-url.ts';
import { openPostgres, postgresRefusal } from '../store/postgres.ts';
import { reportReads, type ReportReads } from '../store/report-reads.ts';
import { CliError } from './cli-error.ts';
import { chosenDatabase } from './database-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';
import { existsSync } from 'node:fs';

/** `veille report --month YYYY-MM [--json] [--config FILE] [--db FILE|URL]`: from SQLite, or from PostgreSQL (a postgres:// URL). */
export async function reportCommand(args: string[], now: number): Promise<number> {
  const options = parseOptions('report', args, {
    month: { type: 'string' },
    json: { type: 'boolean', default: false },
    config: { type: 'string', default: DEFAULT_CONFIG },
    db: { type: 'string' },
  });
  const month = parseMonth(options.month);
  if (!month.ok) throw new CliError(`veille report: --month: ${month.message}`);
  const config = loadConfigFile(options.config);
  const store = await openReportStore(chosenDatabase(options.db, config));
  try {
    const unknown = await environmentsOnlyInDatabase(store.reads, config);
    if (unknown.length > 0) {
      const listed = unknown.length > 5 ? `${unknown.slice(0, 5).join(', ')}, …` : unknown.join(', ');
      throw new CliError(
        `veille report: --config: ${options.config} names none of the environments recorded in ${store.name} (${listed}); pass the --config the daemon ran with`,
      );
    }
    const calendars = buildCalendars(config);
    const report = await readMonthlyReport(store.reads, { config, calendars }, { month: month.month, now, publicOnly: false });
    const started = now >= calendars.default.monthSpan(month.month).start;
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReportTable(report, { started }));
    return 0;
  } catch (error) {
    const said = postgresRefusal(error);
    if (said !== null) throw new CliError(`veille report: --db: PostgreSQL refused: ${said}`);
    throw error;
  } finally {
    await store.close();
  }
}

async function openReportStore(db: string): Promise<{ reads: ReportReads; name: string; close(): Promise<void> }> {
  if (isPostgresUrl(db)) {
    const postgres = await openPostgres(db, { schema: 'existing' });
    return { reads: reportReads(postgresDialect(postgres.db)), name: withoutPassword(db), close: postgres.close };
  }
  // Reading a report must not create a database where there was none.
  if (!existsSync(db)) throw new CliError(`veille report: --db: no database at ${db} (start the daemon first, or pass --db)`);
  const database = openDatabase(db);
  return { reads: reportReads(sqliteDialect(database.db)), name: db, close: async () => database.close() };
}
