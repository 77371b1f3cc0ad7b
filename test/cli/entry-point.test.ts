import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVeille } from '../support/run-veille.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

describe('the veille entry point', () => {
  it('serves the status page when started from another directory than the package', async () => {
    // `npx veille start` is run from wherever the operator keeps the configuration.
    const dir = mkdtempSync(join(tmpdir(), 'veille-elsewhere-'));
    writeFileSync(join(dir, 'monitor.config.yaml'), TEST_CONFIG_YAML);
    const veille = await startVeille(dir, ['--db', join(dir, 'veille.db'), '--port', '0', '--no-probe']);
    try {
      const page = await fetch(`http://127.0.0.1:${veille.port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Acme Construction');
    } finally {
      await veille.stop();
    }
  });
});
