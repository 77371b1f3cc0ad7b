// Builders for engine inputs, written with ISO instants carrying their offsets.
import { createBusinessCalendar, type BusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';
import { perTest } from '../support/per-test.ts';
import type { EnvironmentFigure, ExclusionReason, SlaEnvironmentInput, SlaOutage, SlaWindow } from '../../src/sla/types.ts';

export const MIN = 60_000;
export const H = 60 * MIN;

export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture instant ${iso} needs an offset`);
  return ms;
}

// Made afresh in each test (see perTest), so that no test runs on years another one laid out.
export const toronto: BusinessCalendar = perTest(() => createBusinessCalendar(defaultCalendarSpec()));

export function outage(
  id: string | number,
  start: string,
  end: string | null,
  exclusions: Array<{ start: string; end: string; revoked?: boolean; reason?: ExclusionReason }> = [],
): SlaOutage {
  return {
    id,
    start: at(start),
    end: end === null ? null : at(end),
    exclusions: exclusions.map((e) => ({ start: at(e.start), end: at(e.end), revoked: e.revoked ?? false, reason: e.reason ?? 'force_majeure' })),
  };
}

export function window(
  id: string | number,
  versions: Array<{ start: string; end: string; notice: string }>,
  options: { environments?: string[]; cancelledAt?: string } = {},
): SlaWindow {
  return {
    id,
    environmentIds: options.environments ?? ['acme-prod'],
    versions: versions.map((v) => ({ start: at(v.start), end: at(v.end), noticeSentAt: at(v.notice) })),
    cancelledAt: options.cancelledAt ? at(options.cancelledAt) : null,
  };
}

export function environment(overrides: Partial<SlaEnvironmentInput> = {}): SlaEnvironmentInput {
  return {
    id: 'acme-prod',
    name: 'Acme production',
    type: 'production',
    slaStart: null,
    calendar: toronto,
    outages: [],
    unmonitored: [],
    ...overrides,
  };
}

/** The parts of a figure always add up to the raw downtime. */
export function partsAddUp(figure: EnvironmentFigure): boolean {
  return figure.rawDowntimeMs === figure.outsideBusinessMs + figure.excludedMaintenanceMs + figure.excludedOtherMs + figure.downtimeMs;
}
