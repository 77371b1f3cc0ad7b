/**
 * Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
 * A URL is never taken for a file name: `postgres://host/db` used to become a SQLite file
 * under a directory called `postgres:` in the working directory, with no word said.
 */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** Why a command that keeps its data in SQLite refuses a PostgreSQL URL, saying what PostgreSQL serves today. */
export function postgresNotAvailable(url: string): string {
  return `${withoutPassword(url)} names a PostgreSQL database; today veille runs there (veille start, serve and probe --db URL), reads monthly reports from it (veille report --db URL), keeps the maintenance and incident registries there (veille maintenance … --db URL, veille incident … --db URL) and copies a SQLite database into one (veille migrate --from FILE --to URL), and the other commands keep their data in a SQLite file (give a file path)`;
}

/** The URL as it may be printed: a password in it becomes `***`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}
