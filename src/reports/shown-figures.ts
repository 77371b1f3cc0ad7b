// How a monthly figure is written wherever a reader sees it beside its verdict (the CSV, the
// terminal table, the report page and its print, the public page, the badges). A shown figure
// must never contradict its verdict: 98.9996 % rounded to the nearest would read "99.000 %"
// beside "target missed". So percentages are cut down, never rounded up, at 3 decimals or at as
// many as the threshold has when it has more: a figure below its threshold then always shows
// below it, one at or above it never below it, and 100 % only when nothing was counted. The
// digits are computed in integers from the millisecond counts, as the verdict is.

/** A number as shown: `text` with a "." point (CSV, terminal), `value` and `decimals` for Intl. */
export interface ShownNumber {
  value: number;
  decimals: number;
  text: string;
}

const PERCENT_DECIMALS = 3;

/** The availability 100 × (B − D) / B as shown beside its verdict against `target`. */
export function shownAvailability(figure: { businessMs: number; downtimeMs: number }, target: number): ShownNumber {
  return shownShare(figure.businessMs - figure.downtimeMs, figure.businessMs, PERCENT_DECIMALS, target);
}

/** A share `part / whole` as a percentage cut down at `decimals` (or the threshold's, if more); 100 when whole is 0. */
export function shownShare(part: number, whole: number, decimals: number, threshold?: number): ShownNumber {
  const places = Math.max(decimals, threshold === undefined ? 0 : decimalsOf(threshold));
  if (whole === 0) return shown(100n * 10n ** BigInt(places), places);
  return percentDown(part, whole, places);
}

/** observedMs / businessMs in percent, 1 decimal (or the minimum's), cut down like the availability. */
export function shownCoverage(figure: { observedMs: number; businessMs: number }, minimum: number): ShownNumber {
  return shownShare(figure.observedMs, figure.businessMs, 1, minimum);
}

/** A percentage threshold (a target, a minimum) written with the decimals it was given. */
export function shownThreshold(threshold: number): ShownNumber {
  const decimals = decimalsOf(threshold);
  return { value: threshold, decimals, text: threshold.toFixed(decimals) };
}

/**
 * A duration in minutes with 3 decimals (rule 7). What is left of the budget is cut down, as the
 * availability is: 20 ms over the budget is "-0.001", not a "-0.000" that reads as nothing.
 */
export function shownMinutes(ms: number, part?: string): ShownNumber {
  const thousandths = (ms * 1_000) / 60_000;
  return shown(BigInt(part === 'budgetLeftMs' ? Math.floor(thousandths) : Math.round(thousandths)), 3);
}

/** An overrun of the downtime budget: seconds below 0.1 min, minutes above; never shown as 0. */
export function shownOverrun(ms: number): ShownNumber & { unit: 's' | 'min' } {
  const over = Math.max(0, ms);
  if (over < 6_000) return { ...tenths(over, 1_000), unit: 's' };
  return { ...tenths(over, 60_000), unit: 'min' };
}

/** To the nearest tenth of the unit, but at least 0.1: an overrun of 40 ms is not "0.0" beside "target missed". */
function tenths(ms: number, unitMs: number): ShownNumber {
  return shown(BigInt(Math.max(1, Math.round((ms * 10) / unitMs))), 1);
}

/** floor(100 × part / whole) at `decimals`, exact when both are integers. */
function percentDown(part: number, whole: number, decimals: number): ShownNumber {
  if (Number.isInteger(part) && Number.isInteger(whole) && whole > 0) {
    const numerator = BigInt(part) * 100n * 10n ** BigInt(decimals);
    const quotient = numerator / BigInt(whole);
    // BigInt division truncates toward zero; below zero, floor is one less.
    return shown(numerator < 0n && numerator % BigInt(whole) !== 0n ? quotient - 1n : quotient, decimals);
  }
  const scale = 10 ** decimals;
  return shown(BigInt(Math.floor(((100 * part) / whole) * scale)), decimals);
}

/** An integer count of 10^-decimals units, as a number and as exact text. */
function shown(units: bigint, decimals: number): ShownNumber {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const text = `${negative ? '-' : ''}${decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`}`;
  return { value: Number(text), decimals, text };
}

/** How many decimals a threshold was written with (99.95 → 2); exponent forms count as none. */
function decimalsOf(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?$/.exec(String(value));
  return match ? (match[1]?.length ?? 0) : 0;
}
