import type { OutageRecorderDeps } from '../outages/outage-recorder.ts';
import type { Store } from '../store/store.ts';
import { postgresResultSink, type CertificateNoticesAsync, type OutageEventsWriter } from './postgres-result-sink.ts';
import type { ResultSink } from './result-sink.ts';
import { sqliteResultSink, type SinkLocation } from './sqlite-result-sink.ts';

export interface ResultSinkDeps {
  /** What SQLite's batch writes outages and incidents with, synchronously (src/outages/outage-recorder.ts). */
  readonly recorder: OutageRecorderDeps;
  /** The same on the store, as PostgreSQL's batch writes them. */
  readonly recordOutageEvents: OutageEventsWriter;
  readonly certificateNotices?: Partial<CertificateNoticesAsync> | undefined;
  /** The location whose results these are, and on SQLite where its detector events go (src/prober/sqlite-result-sink.ts). */
  readonly location?: SinkLocation | undefined;
}

/** The result sink of the store's database: SQLite's prepared statements on its one connection, or PostgreSQL's multi-row statements. */
export async function openResultSink(store: Store, deps: ResultSinkDeps): Promise<ResultSink> {
  if (store.sqlite) return sqliteResultSink(store.sqlite, deps.recorder, deps.location);
  return postgresResultSink(store, { recordOutageEvents: deps.recordOutageEvents, notices: deps.certificateNotices, location: deps.location?.name });
}
