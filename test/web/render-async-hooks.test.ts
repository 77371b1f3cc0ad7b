import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// hono/jsx would run every render in an AsyncLocalStorage, which on Node 20 leaves async hooks
// on for the whole process (every promise and timer of the prober paying for them) from the first
// page served. The pages render synchronously, without it (status-page/render-synchronously.tsx).
describe('rendering a page', () => {
  it('leaves async hooks off in the process', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join('test', 'web', 'render-async-hooks-child.ts')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ rendered: true, asyncId: 0 });
  });
});
