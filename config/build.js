// The production build, run by `npm install` (the `prepare` script) and `npm run build`:
// TypeScript compiled to JavaScript in dist/ (same layout as the sources), and beside it the files
// the code reads at run time. `node config/build.js OUTDIR` builds elsewhere (the build's own test).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'dist');

// What the compiled modules read next to themselves: the migrations applied at start
// (src/store/database.ts, src/store/postgres.ts) and the status page's stylesheet (src/web/static-assets.ts).
const ASSETS = ['src/store/migrations', 'src/store/postgres-migrations', 'status-page/styles'];

// A file removed from the sources must not survive in the build.
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('veille build: the TypeScript compilation failed (errors above)');
  process.exit(compiled.status ?? 1);
}
for (const asset of ASSETS) cpSync(join(root, asset), join(out, asset), { recursive: true });
