// Which instants a maintenance window excludes from one outage (rule 5), read from the window's
// versions: the one announced before the outage began, cut by any later change or cancellation.
import { describe, expect, it } from 'vitest';
import { maintenanceCoverage, versionInForce, windowCoverage, windowsByEnvironment } from '../../src/sla/maintenance-coverage.ts';
import { at, window } from './fixtures.ts';

// Tuesday November 10, 2026 (EST, -05:00).
const t = (hhmm: string) => at(`2026-11-10T${hhmm}:00-05:00`);
const v = (start: string, end: string, notice: string) => ({ start: `2026-11-10T${start}:00-05:00`, end: `2026-11-10T${end}:00-05:00`, notice: `2026-11-10T${notice}:00-05:00` });

describe('the version in force for an outage', () => {
  const w = window('w', [v('10:00', '11:00', '08:00'), v('10:00', '12:00', '09:00'), v('13:00', '14:00', '09:30')]);

  it('is the latest whose notice was sent strictly before the outage began', () => {
    expect(versionInForce(w, t('08:00'))).toBeNull();
    expect(versionInForce(w, t('08:01'))).toEqual({ start: t('10:00'), end: t('11:00'), noticeSentAt: t('08:00') });
    expect(versionInForce(w, t('09:00'))).toEqual({ start: t('10:00'), end: t('11:00'), noticeSentAt: t('08:00') });
    expect(versionInForce(w, t('09:01'))).toEqual({ start: t('10:00'), end: t('12:00'), noticeSentAt: t('09:00') });
    expect(versionInForce(w, t('10:00'))).toEqual({ start: t('13:00'), end: t('14:00'), noticeSentAt: t('09:30') });
  });

  it('is the later of two versions recorded with notices out of order', () => {
    // A version recorded later with an earlier notice time still wins: versions are read newest first.
    const late = window('w', [v('10:00', '11:00', '09:00'), v('10:30', '11:30', '08:00')]);
    expect(versionInForce(late, t('09:30'))).toEqual({ start: t('10:30'), end: t('11:30'), noticeSentAt: t('08:00') });
  });
});

describe('what one window excludes', () => {
  it('nothing from an outage that began before any notice', () => {
    expect(windowCoverage(window('w', [v('10:00', '11:00', '10:00')]), t('10:00'))).toBeNull();
  });

  it('the version in force, as long as the current version also covers it', () => {
    expect(windowCoverage(window('w', [v('10:00', '12:00', '08:00'), v('10:30', '11:30', '10:45')]), t('10:15'))).toEqual({ start: t('10:30'), end: t('11:30') });
    expect(windowCoverage(window('w', [v('10:00', '12:00', '08:00'), v('09:00', '13:00', '10:45')]), t('10:15'))).toEqual({ start: t('10:00'), end: t('12:00') });
    expect(windowCoverage(window('w', [v('10:00', '11:00', '08:00'), v('11:00', '12:00', '10:45')]), t('10:15'))).toBeNull();
  });

  it('up to its cancellation', () => {
    const cancelled = (cancelledAt: string) => window('w', [v('10:00', '12:00', '08:00')], { cancelledAt: `2026-11-10T${cancelledAt}:00-05:00` });
    expect(windowCoverage(cancelled('11:00'), t('10:15'))).toEqual({ start: t('10:00'), end: t('11:00') });
    expect(windowCoverage(cancelled('13:00'), t('10:15'))).toEqual({ start: t('10:00'), end: t('12:00') });
    expect(windowCoverage(cancelled('10:00'), t('10:15'))).toBeNull();
    expect(windowCoverage(cancelled('09:00'), t('10:15'))).toBeNull();
  });

  it('nothing for a window without versions', () => {
    expect(windowCoverage({ id: 'w', environmentIds: ['acme-prod'], versions: [], cancelledAt: null }, t('10:15'))).toBeNull();
  });
});

describe('all windows of an environment', () => {
  it('unite their coverage', () => {
    const windows = [window('b', [v('11:30', '12:30', '08:00')]), window('a', [v('10:00', '11:00', '08:00')]), window('c', [v('11:00', '11:45', '08:00')]), window('d', [v('15:00', '16:00', '11:00')])];
    expect(maintenanceCoverage(windows, t('10:15'))).toEqual([{ start: t('10:00'), end: t('12:30') }]);
    expect(maintenanceCoverage([], t('10:15'))).toEqual([]);
  });

  it('are indexed by environment, each window once per environment it names', () => {
    const a = window('a', [v('10:00', '11:00', '08:00')], { environments: ['acme-prod', 'beta-prod', 'acme-prod'] });
    const b = window('b', [v('12:00', '13:00', '08:00')], { environments: ['beta-prod'] });
    const index = windowsByEnvironment([a, b]);
    expect([...index.keys()]).toEqual(['acme-prod', 'beta-prod']);
    expect(index.get('acme-prod')).toEqual([a]);
    expect(index.get('beta-prod')).toEqual([a, b]);
  });

  it('refuse a window without versions, naming it', () => {
    const good = window('a', [v('10:00', '11:00', '08:00')]);
    expect(() => windowsByEnvironment([good, { id: 9, environmentIds: ['acme-prod'], versions: [], cancelledAt: null }])).toThrow(
      'windows[1] (id 9).versions: a window needs at least one version',
    );
  });
});
