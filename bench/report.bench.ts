// The monthly report end to end: 1,000 production environments with 50 outages each, read from
// SQLite through the store and computed by the engine, as GET /api/v1/reports/monthly does it.
import { mkdtempSync, rmSync } from 'node:fs';
import { storeResults } from '../src/history/result-history.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCalendars } from '../src/config/calendars.ts';
import { parseConfig } from '../src/config/parse-config.ts';
import { readMonthlyReport } from '../src/reports/monthly-report.ts';
import { reportReads } from '../src/store/report-reads.ts';
import { openDatabase } from '../src/store/database.ts';
import { outages } from '../src/store/schema/index.ts';
import { instant } from '../src/time/iso.ts';

const ENVIRONMENTS = 1_000;
const OUTAGES_EACH = 50;

export async function main(): Promise<void> {
  const yaml = ['environments:'];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    yaml.push(`  - { id: env-${e}, name: Env ${e}, type: production, slaStart: "2026-01-01T00:00:00-05:00", checks: [ { id: web-${e}, url: "https://e${e}.example/" } ] }`);
  }
  const config = parseConfig(yaml.join('\n'));
  const dir = mkdtempSync(join(tmpdir(), 'veille-bench-'));
  const database = openDatabase(join(dir, 'bench.db'));
  const monthStart = instant('2026-10-01T00:00:00-04:00');
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  database.db.transaction((tx) => {
    for (let e = 0; e < ENVIRONMENTS; e++) {
      for (let o = 0; o < OUTAGES_EACH; o++) {
        const start = monthStart + Math.floor(random() * 30 * 86_400_000);
        tx.insert(outages).values({ checkId: `web-${e}`, envId: `env-${e}`, start, end: start + Math.floor(random() * 3_600_000), source: 'probe', createdAt: start }).run();
      }
      storeResults(database.sqlite, [{ checkId: `web-${e}`, envId: `env-${e}`, at: monthStart + 31 * 86_400_000 - 1000, status: 'up', latencyMs: 12 }]);
    }
  });
  const deps = { config, calendars: buildCalendars(config) };
  const reads = reportReads(database.store);
  const now = instant('2026-11-01T12:00:00-04:00');
  await readMonthlyReport(reads, deps, { month: '2026-10', now, publicOnly: false }); // warm the calendar layouts
  const runs = 5;
  const started = process.hrtime.bigint();
  let report;
  for (let i = 0; i < runs; i++) report = await readMonthlyReport(reads, deps, { month: '2026-10', now, publicOnly: false });
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
  const mean = report!.environments.reduce((sum, e) => sum + e.availability, 0) / report!.environments.length;
  console.log(`report from SQLite, ${ENVIRONMENTS} environments × ${OUTAGES_EACH} outages: ${ms.toFixed(1)} ms per report (mean availability ${mean.toFixed(3)} %)`);
  database.close();
  rmSync(dir, { recursive: true, force: true });
}
