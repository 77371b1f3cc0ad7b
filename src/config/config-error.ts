/** One problem in a configuration file, located by its YAML path (and line when known). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

/** Every problem found in one file, reported together so that one run fixes them all. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line ? `${file}:${issue.line}` : file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** `['environments', 1, 'checks', 0, 'every']` → `environments[1].checks[0].every`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

/** What `check-config` prints for an invalid file: every issue on its own line, then how many. */
export function configErrorLines(error: ConfigError): string[] {
  const count = error.issues.length;
  return [...error.message.split('\n'), `${count} error${count > 1 ? 's' : ''} in ${error.file}`];
}
