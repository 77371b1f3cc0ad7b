import { buildCalendars } from '../config/calendars.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { formatReportTable } from '../reports/report-table.ts';
import { environmentsOnlyInDatabase } from '../reports/configuration-match.ts';
import { buildMonthlyReport } from '../reports/monthly-report.ts';
import { parseMonth } from '../reports/month.ts';
import { openDatabase } from '../store/database.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_CONFIG, DEFAULT_DB, parseOptions } from './options.ts';
import { existsSync } from 'node:fs';

/** `veille report --month YYYY-MM [--json] [--config FILE] [--db FILE]`. */
export function reportCommand(args: string[], now: number): number {
  const options = parseOptions('report', args, {
    month: { type: 'string' },
    json: { type: 'boolean', default: false },
    config: { type: 'string', default: DEFAULT_CONFIG },
    db: { type: 'string', default: DEFAULT_DB },
  });
  const month = parseMonth(options.month);
  if (!month.ok) throw new CliError(`veille report: --month: ${month.message}`);
  const config = loadConfigFile(options.config);
  // Reading a report must not create a database where there was none.
  if (!existsSync(options.db)) throw new CliError(`veille report: --db: no database at ${options.db} (start the daemon first, or pass --db)`);
  const database = openDatabase(options.db);
  try {
    const unknown = environmentsOnlyInDatabase(database.db, config);
    if (unknown.length > 0) {
      const listed = unknown.length > 5 ? `${unknown.slice(0, 5).join(', ')}, …` : unknown.join(', ');
      throw new CliError(
        `veille report: --config: ${options.config} names none of the environments recorded in ${options.db} (${listed}); pass the --config the daemon ran with`,
      );
    }
    const calendars = buildCalendars(config);
    const report = buildMonthlyReport({ db: database.db, config, calendars }, { month: month.month, now, publicOnly: false });
    const started = now >= calendars.default.monthSpan(month.month).start;
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReportTable(report, { started }));
    return 0;
  } finally {
    database.close();
  }
}
