import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The committed migrations of each dialect must build exactly the schema the code declares: a
// column added to a schema file without `npm run db:generate` (or db:generate:postgres) would
// exist for the queries and not in any database.
describe.each([
  { dialect: 'sqlite', schema: 'src/store/schema/index.ts', migrations: 'src/store/migrations' },
  { dialect: 'postgresql', schema: 'src/store/postgres-schema/index.ts', migrations: 'src/store/postgres-migrations' },
])('the $dialect migrations', ({ dialect, schema, migrations }) => {
  it('leave drizzle-kit nothing to generate from the schema', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'veille-migrations-'));
    try {
      cpSync(migrations, copy, { recursive: true });
      const before = readdirSync(copy).sort();
      // drizzle-kit takes --out relative to the working directory.
      const { stdout } = await run(join('node_modules', '.bin', 'drizzle-kit'), ['generate', '--dialect', dialect, '--schema', `./${schema}`, '--out', relative(process.cwd(), copy)], { timeout: 60_000 });
      expect(stdout).toContain('No schema changes, nothing to migrate');
      expect(readdirSync(copy).sort()).toEqual(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
