import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { publicAddress } from '../interop/public-address.ts';
import { sqliteDialect } from '../store/any-dialect.ts';
import { reportReads } from '../store/report-reads.ts';
import * as schema from '../store/schema/index.ts';
import { renderDocuments } from '../web/public-documents.ts';
import { createSnapshotBuilder, type SnapshotBuilder } from '../web/public-view/build-snapshot.ts';
import { loadStylesheet } from '../web/static-assets.ts';
import { readMonthlyReport } from './monthly-report.ts';
import type { WorkerRequest } from './report-computer.ts';

// The body of the report worker (report-computer.ts): one read-only connection, one request at
// a time: a monthly report, or the public view with the documents wanted of it.

const { file, config } = (workerData as { data: { file: string; config: Config } }).data;
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
const db = drizzle(sqlite, { schema });
const store = sqliteDialect(db);
const reads = reportReads(store);
const deps = { store, db, config, calendars: buildCalendars(config) };
let publicView: { build: SnapshotBuilder; context: Parameters<typeof renderDocuments>[2] } | null = null;

async function answer(request: WorkerRequest): Promise<unknown> {
  if (request.kind === 'monthly') return readMonthlyReport(reads, deps, request);
  publicView ??= { build: createSnapshotBuilder(deps), context: { stylesheetHref: loadStylesheet().href, address: publicAddress(config) } };
  const value = await publicView.build(request.now);
  return { value, derived: [...renderDocuments(request.wanted, value, publicView.context)] };
}

// One request at a time, each answered before the next is read: on one connection, reads of
// two requests must not interleave.
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
