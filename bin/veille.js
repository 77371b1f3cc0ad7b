#!/usr/bin/env node
// The published entry point, behind `npx veille …` and `npm start`: it runs the JavaScript that
// `npm install` compiled into dist/ (the `prepare` script), which starts faster and holds far less
// memory than compiling TypeScript at run time.
//
// VEILLE_FROM_SOURCES=1 runs the TypeScript sources through tsx instead (a development
// dependency): the test suite sets it, so that it tests the code as it is, with no build between.
// The package's own tsconfig is named: tsx would otherwise look for one in the working directory,
// and without it the status page's JSX would be compiled for the wrong runtime.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (process.env.VEILLE_FROM_SOURCES === '1') {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../src/cli/main.ts');
} else {
  const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
  if (!existsSync(compiled)) {
    console.error('veille: the compiled build (dist/) is missing: run `npm run build` in the package directory (`npm install` does it)');
    process.exit(1);
  }
  await import(compiled.href);
}
