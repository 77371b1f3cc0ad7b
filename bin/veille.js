#!/usr/bin/env node
// The published entry point: veille is written in TypeScript and run through tsx,
// so `npx veille …` works straight after `npm install`, with no build step.
// The package's own tsconfig is named: tsx would otherwise look for one in the working
// directory, and without it the status page's JSX would be compiled for the wrong runtime.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
