// Reads GET /api/v1/reports/monthly and compares every field with the independent computation.
//
// The daemon's clock is the real one: `now` is only known to lie between sending the request
// and reading the answer, and the default slaStart (first sight of an environment) between
// spawning the daemon and its "listening" line. The expectation is computed at both ends of
// each; where they agree (past months, or outside business hours) the comparison is exact.
import { expect } from 'vitest';
import { TARGET } from './acceptance-config.ts';
import { monthSpan } from './rule-calendar.ts';
import { COVERAGE_MINIMUM, expectedFigure, type ExpectedFigure, type World } from './rule7-expected.ts';
import type { Veille } from './veille-process.ts';

export type IncidentBlock = Record<'I' | 'II' | 'III' | 'IV', { count: number; responseMet: number; resolutionMet: number }>;

export const NO_INCIDENTS: IncidentBlock = {
  I: { count: 0, responseMet: 0, resolutionMet: 0 },
  II: { count: 0, responseMet: 0, resolutionMet: 0 },
  III: { count: 0, responseMet: 0, resolutionMet: 0 },
  IV: { count: 0, responseMet: 0, resolutionMet: 0 },
};

/** One expectation from several admissible ones: fields on which they all agree must match exactly; others must lie between them. */
function settle(variants: ExpectedFigure[], actual: Record<string, unknown> | undefined): ExpectedFigure {
  const settled: Record<string, unknown> = { ...variants[0]! };
  for (const key of Object.keys(settled)) {
    const values = variants.map((v) => (v as unknown as Record<string, unknown>)[key]);
    if (values.every((value) => value === values[0])) continue;
    const got = actual?.[key];
    if (typeof got === 'number' && got >= Math.min(...(values as number[])) && got <= Math.max(...(values as number[]))) settled[key] = got;
    else if ((typeof got === 'boolean' || typeof got === 'string') && values.includes(got)) settled[key] = got;
  }
  return settled as unknown as ExpectedFigure;
}

export async function checkMonthlyReport(
  veille: Veille,
  world: World,
  month: string,
  options: { anonymous?: boolean; incidents?: IncidentBlock; label?: string } = {},
): Promise<void> {
  const answer = await veille.call('GET', `/api/v1/reports/monthly?month=${month}`, options.anonymous ? {} : { token: veille.tokens.viewer });
  const label = `${options.label ?? ''} report ${month}${options.anonymous ? ' (anonymous)' : ''}`;
  expect(answer.status, `${label}: ${JSON.stringify(answer.body)}`).toBe(200);
  const report = answer.body;

  const nows = [answer.sentAt, answer.receivedAt];
  const firstSeens = [veille.startedAfter, veille.startedBefore];
  const shown = world.environments.filter((env) => env.type === 'production' && (!options.anonymous || env.public));
  const environments = shown.map((env) => {
    const variants = nows.flatMap((now) => firstSeens.map((firstSeen) => expectedFigure(world, env, { month, target: TARGET, now, firstSeen })));
    const actual = (report.environments as Array<Record<string, unknown>> | undefined)?.find((figure) => figure.id === env.id);
    return settle(variants, actual);
  });
  const monthEnd = monthSpan('America/Toronto', month)[1];
  const completes = nows.map((now) => now >= monthEnd);

  expect(report, label).toEqual({
    month,
    timeZone: 'America/Toronto',
    target: TARGET,
    complete: completes[0] === completes[1] ? completes[0] : report.complete,
    coverageMinimum: COVERAGE_MINIMUM,
    environments,
    incidents: options.incidents ?? NO_INCIDENTS,
  });
  // Wherever the clock left room, the figure must still hold together.
  for (const figure of report.environments as ExpectedFigure[]) {
    expect(figure.budgetLeftMs).toBe(figure.budgetMs - figure.downtimeMs);
    expect(figure.availability).toBe(figure.businessMs === 0 ? 100 : (100 * (figure.businessMs - figure.downtimeMs)) / figure.businessMs);
  }
}
