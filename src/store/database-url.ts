/**
 * Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
 * A URL is never taken for a file name: `postgres://host/db` used to become a SQLite file
 * under a directory called `postgres:` in the working directory, with no word said.
 */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

export const POSTGRES_NOT_AVAILABLE =
  'names a PostgreSQL database; this version of veille keeps its data in a SQLite file only (give a file path)';
