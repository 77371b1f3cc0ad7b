// The month's downtime budget (rule 7) seen from the team's side. Pure.

export const BUDGET_THRESHOLDS = [50, 80, 100] as const;

/** The thresholds (percent of the budget) counted downtime has reached. A zero budget is spent by any downtime. */
export function thresholdsReached(downtimeMs: number, budgetMs: number): number[] {
  if (downtimeMs <= 0) return [];
  if (budgetMs <= 0) return [...BUDGET_THRESHOLDS];
  return BUDGET_THRESHOLDS.filter((threshold) => downtimeMs * 100 >= threshold * budgetMs);
}
