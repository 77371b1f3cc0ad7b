import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { retryDelay } from '../../src/notify/backoff.ts';
import { thresholdsReached } from '../../src/notify/budget-watch.ts';
import { deadlineState, runningClocks } from '../../src/notify/deadline-watch.ts';
import { oneLine } from '../../src/notify/header-safety.ts';
import { noticeRecipients } from '../../src/notify/recipients.ts';
import { channelsFor } from '../../src/notify/routing.ts';
import { formatLength, formatShort, formatWhen } from '../../src/notify/templates/format.ts';
import { outageClosedAlert } from '../../src/notify/templates/team-alerts.ts';
import { instant } from '../../src/time/iso.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';

const MIN = 60_000;

describe('retry backoff', () => {
  it('doubles from the first retry and stops growing at the cap', () => {
    const policy = { maxAttempts: 12, firstRetryMs: 30_000, maxRetryMs: 3_600_000 };
    expect([1, 2, 3, 4, 7, 8, 12].map((n) => retryDelay(n, policy))).toEqual([30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

describe('deadline states', () => {
  const due = instant('2026-11-16T10:30:00-05:00');
  it.each([
    ['10:19:59', null],
    ['10:20:00', 'near'],
    ['10:29:59', 'near'],
    ['10:30:00', 'missed'],
  ])('at %s with a 10 min warning: %s', (time, state) => {
    expect(deadlineState(due, instant(`2026-11-16T${time}-05:00`), 10 * MIN)).toBe(state);
  });
  it('a deadline missed more than a week ago is history, not news', () => {
    expect(deadlineState(due, due + 7 * 86_400_000 + 1, 10 * MIN)).toBeNull();
  });
  it('runs the response clock until responded, the resolution clock until resolved; IV has none', () => {
    expect(runningClocks({ responseDueAt: 1, resolutionDueAt: 2, respondedAt: null, resolvedAt: null }).map((c) => c.clock)).toEqual(['response', 'resolution']);
    expect(runningClocks({ responseDueAt: 1, resolutionDueAt: 2, respondedAt: 1, resolvedAt: null }).map((c) => c.clock)).toEqual(['resolution']);
    expect(runningClocks({ responseDueAt: 1, resolutionDueAt: null, respondedAt: 1, resolvedAt: null })).toEqual([]);
    expect(runningClocks({ responseDueAt: 1, resolutionDueAt: 2, respondedAt: null, resolvedAt: 3 })).toEqual([]);
  });
});

describe('budget thresholds', () => {
  it.each([
    [0, []],
    [50.3, []],
    [50.4, [50]],
    [80.64, [50, 80]],
    [100.8, [50, 80, 100]],
  ])('%s min of a 100.8 min budget reaches %j', (minutes, reached) => {
    expect(thresholdsReached(Math.round(minutes * MIN), Math.round(100.8 * MIN))).toEqual(reached);
  });
  it('a zero budget (target 100 %) is spent by any downtime', () => {
    expect(thresholdsReached(1, 0)).toEqual([50, 80, 100]);
    expect(thresholdsReached(0, 0)).toEqual([]);
  });
});

describe('routing and recipients', () => {
  const config = parseConfig(notifyConfigYaml({ smtpPort: 25 }));
  it('routes an environment to its channels, others and environment-less alerts to the default', () => {
    expect(channelsFor(config, ['acme-prod']).map((c) => c.id)).toEqual(['ops-hook', 'ops-slack', 'sre-mail']);
    expect(channelsFor(config, ['globex-prod']).map((c) => c.id)).toEqual(['ops-hook']);
    expect(channelsFor(config, []).map((c) => c.id)).toEqual(['ops-hook']);
    expect(channelsFor(config, ['acme-prod', 'globex-prod']).map((c) => c.id)).toEqual(['ops-hook', 'ops-slack', 'sre-mail']);
  });
  it('notice recipients: every contact once, with only their own environments', () => {
    const found = noticeRecipients(config, ['acme-prod', 'globex-prod']);
    expect(found.ok && found.recipients.map((r) => [r.contact.email, r.environments.map((e) => e.id)])).toEqual([
      ['ops@acme.example', ['acme-prod']],
      ['it@acme.example', ['acme-prod']],
      ['noc@globex.example', ['globex-prod']],
    ]);
  });
});

describe('message formatting', () => {
  it('writes times with their zone and offset, across DST', () => {
    expect(formatWhen(instant('2026-07-02T09:00:00-04:00'), 'America/Toronto', 'fr')).toBe('jeudi 2 juillet 2026 à 9 h (heure avancée de l’Est, UTC-04:00)');
    expect(formatWhen(instant('2026-07-02T09:00:00-04:00'), 'America/Toronto', 'en')).toBe('Thursday 2 July 2026, 09:00 (Eastern Daylight Time, UTC-04:00)');
    expect(formatShort(instant('2026-03-08T03:30:00-04:00'), 'America/Toronto', 'en')).toBe('2026-03-08 03:30 EDT');
  });
  it('writes lengths in days, hours and minutes', () => {
    expect([45_000, 45 * MIN, 150 * MIN, 26 * 60 * MIN + 5 * MIN].map((ms) => formatLength(ms, 'fr'))).toEqual(['45 s', '45 min', '2 h 30 min', '1 j 2 h 5 min']);
    expect(formatLength(26 * 60 * MIN, 'en')).toBe('1 d 2 h');
  });
  it('says why an outage closed: the check answered, or it left the configuration', () => {
    const base = { environment: { id: 'acme-prod', name: 'Acme' }, checkId: 'acme-web', feature: null, start: 0, end: 20 * MIN, zone: 'America/Toronto' };
    expect(outageClosedAlert(base).en.subject).toBe('RECOVERED: Acme (acme-prod) — acme-web answering again (down for 20 min)');
    expect(outageClosedAlert({ ...base, checkRemoved: true }).fr.subject).toBe(
      'FERMÉE : Acme (acme-prod) — acme-web retiré de la configuration (panne comptée jusqu’au dernier échec, 20 min)',
    );
  });
  it('flattens anything that could end a header line', () => {
    expect(oneLine('Acme\r\nBcc: x@y.example\u2028Z\tW')).toBe('Acme Bcc: x@y.example Z W');
    expect(oneLine('x'.repeat(300)).length).toBe(250);
  });
});
