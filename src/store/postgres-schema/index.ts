// The PostgreSQL schema: the same tables, columns, keys and indexes as ../schema (SQLite), so
// that a database moves from one to the other row for row (veille migrate) and one set of
// queries reads both. SQLite's integers (instants in epoch ms, counts, ids) are bigint read as
// JavaScript numbers, its 0/1 flags are boolean, its JSON text is json (kept as written).
// test/store/schema-twins.test.ts fails when the two differ.
export * from './monitoring.ts';
export * from './registry.ts';
export * from './access.ts';
export * from './sessions.ts';
export * from './rollups.ts';
export * from './notifications.ts';
export * from './certificates.ts';
export * from './leases.ts';
