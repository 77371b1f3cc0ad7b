import { spawnSync } from 'node:child_process';

// promtool, Prometheus' own checker (Debian's package `prometheus`): what veille's /metrics
// exposition is checked with, by a tool nobody here wrote. PROMTOOL names it where it is not on
// the PATH (a copy unpacked from the package, say).

const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
export const HAVE_PROMTOOL = spawnSync(PROMTOOL, ['--version']).status === 0;
export const NO_PROMTOOL = 'promtool is not installed (Debian package prometheus, or PROMTOOL=path): the exposition is not checked by it';

/** What `promtool check metrics` says of an exposition: its complaints, empty when it finds none. */
export function promtoolProblems(exposition: string): string {
  const run = spawnSync(PROMTOOL, ['check', 'metrics'], { input: exposition, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  const said = `${run.stdout}${run.stderr}`.trim();
  return run.status === 0 && said === '' ? '' : said || `exit ${run.status}`;
}
