#!/usr/bin/env node
// The published entry point: veille is written in TypeScript and run through tsx,
// so `npx veille …` works straight after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
