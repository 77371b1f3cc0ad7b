import type { Store } from '../store/store.ts';
import { postgresResultSink } from './postgres-result-sink.ts';
import type { ResultSink, ResultSinkDeps } from './result-sink.ts';
import { sqliteResultSink } from './sqlite-result-sink.ts';

/** The result sink of the store's database: SQLite's prepared statements on its one connection, or PostgreSQL's multi-row statements. */
export async function openResultSink(store: Store, deps: ResultSinkDeps): Promise<ResultSink> {
  if (store.sqlite) return sqliteResultSink({ ...store.sqlite, store }, deps);
  return postgresResultSink(store, deps);
}
