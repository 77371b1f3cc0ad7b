import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { buildCalendars } from '../config/calendars.ts';
import { publicAddress } from '../interop/public-address.ts';
import { postgresDialect, sqliteDialect, type AnyDialect } from '../store/any-dialect.ts';
import { openPostgres } from '../store/postgres.ts';
import { reportReads } from '../store/report-reads.ts';
import * as schema from '../store/schema/index.ts';
import { renderDocuments } from '../web/public-documents.ts';
import { createSnapshotBuilder, type SnapshotBuilder } from '../web/public-view/build-snapshot.ts';
import { loadStylesheet } from '../web/static-assets.ts';
import { readMonthlyReport } from './monthly-report.ts';
import type { WorkerData, WorkerRequest } from './report-computer.ts';

// The body of the report worker (report-computer.ts): its own connection (read-only to a SQLite
// file, a pool of its own to a PostgreSQL server), one request at a time: a monthly report, or
// the public view with the documents wanted of it.

const data = (workerData as { data: WorkerData }).data;
const { config } = data;

async function open(): Promise<AnyDialect> {
  if ('url' in data) return postgresDialect((await openPostgres(data.url, { schema: 'untouched' })).db);
  const sqlite = new Database(data.file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return sqliteDialect(drizzle(sqlite, { schema }));
}

const opened = open();
const calendars = buildCalendars(config);
let publicView: { build: SnapshotBuilder; context: Parameters<typeof renderDocuments>[2] } | null = null;

async function answer(request: WorkerRequest): Promise<unknown> {
  const store = await opened;
  if (request.kind === 'monthly') return readMonthlyReport(reportReads(store), { config, calendars }, request);
  publicView ??= {
    build: createSnapshotBuilder({ store, config, calendars }),
    context: { stylesheetHref: loadStylesheet().href, address: publicAddress(config) },
  };
  const value = await publicView.build(request.now);
  return { value, derived: [...renderDocuments(request.wanted, value, publicView.context)] };
}

// One request at a time, each answered before the next is read: the reads of two must not
// interleave on one connection.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (request: WorkerRequest & { id: number }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: request.id, ok: true, result: await answer(request) });
    } catch (error) {
      parentPort!.postMessage({ id: request.id, ok: false, error: (error as Error).message });
    }
  });
});
