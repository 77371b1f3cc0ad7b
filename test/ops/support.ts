import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpTarget, type Target } from '../probe/loopback.ts';

export interface ProbedSetUp {
  /** The loopback target; the caller closes it. */
  readonly target: Target;
  readonly dir: string;
  readonly configFile: string;
  /** Where the daemon is to keep its database (not created here). */
  readonly dbFile: string;
  /** Requests the target has answered so far. */
  answered(): number;
}

/** A configuration in a fresh directory probing a loopback target every second. */
export async function probedSetUp(prefix: string): Promise<ProbedSetUp> {
  let answered = 0;
  const target = await httpTarget((_req, res) => {
    answered += 1;
    res.end('ok');
  });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const configFile = join(dir, 'monitor.config.yaml');
  writeFileSync(
    configFile,
    `
environments:
  - id: local-prod
    name: Local
    type: production
    checks:
      - { id: local-web, url: "${target.url}/health", every: 1s, timeout: 500ms }
`,
  );
  return { target, dir, configFile, dbFile: join(dir, 'veille.db'), answered: () => answered };
}
