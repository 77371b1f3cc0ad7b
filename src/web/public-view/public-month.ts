import type { EnvironmentFigure, MonthlyFigures } from '../../sla/types.ts';
import type { PublicMonth } from './types.ts';

/** The month's figure of one environment as the public page shows it: its verdict and what it rests on. */
export function toPublicMonth(report: Pick<MonthlyFigures, 'month' | 'complete' | 'target' | 'coverageMinimum'>, figure: EnvironmentFigure): PublicMonth {
  return {
    month: report.month,
    complete: report.complete,
    availability: figure.availability,
    target: report.target,
    met: figure.met,
    businessMs: figure.businessMs,
    downtimeMs: figure.downtimeMs,
    budgetMs: figure.budgetMs,
    budgetLeftMs: figure.budgetLeftMs,
    observedMs: figure.observedMs,
    coverage: figure.coverage,
    coverageSufficient: figure.coverageSufficient,
    coverageMinimum: report.coverageMinimum,
    verdict: figure.verdict,
  };
}
