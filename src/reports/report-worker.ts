import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import * as schema from '../store/schema/index.ts';
import { buildMonthlyReport } from './monthly-report.ts';
import type { MonthlyReportInput } from './report-computer.ts';

// The body of the report worker (report-computer.ts): one read-only connection, one request at a time.

const { file, config } = (workerData as { data: { file: string; config: Config } }).data;
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
const deps = { db: drizzle(sqlite, { schema }), config, calendars: buildCalendars(config) };

parentPort!.on('message', (request: MonthlyReportInput & { id: number }) => {
  try {
    parentPort!.postMessage({ id: request.id, ok: true, report: buildMonthlyReport(deps, request) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, ok: false, error: (error as Error).message });
  }
});
