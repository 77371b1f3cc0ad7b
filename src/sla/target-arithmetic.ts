// The budget and the met/not-met verdict, computed exactly. A target such as 99.9 has no exact
// binary value, so `B × (100 − 99.9) / 100` in floating point can land a hair below an integer
// and floor to one ms less; comparing availability floats can flip a verdict on the boundary.
// The target is read as the decimal it was written as, and the arithmetic done in integers.

interface Fraction {
  num: bigint;
  den: bigint;
}

export function checkTarget(target: number, name = 'target'): void {
  if (!Number.isFinite(target) || target < 0 || target > 100) {
    throw new Error(`${name}: ${target} is not a percentage between 0 and 100`);
  }
}

/** floor(B × (100 − target) / 100): the downtime the month allows. */
export function budgetMs(businessMs: number, target: number): number {
  const fraction = decimalFraction(target);
  if (!fraction || !Number.isInteger(businessMs)) return Math.floor((businessMs * (100 - target)) / 100);
  const hundred = 100n * fraction.den;
  return Number((BigInt(businessMs) * (hundred - fraction.num)) / hundred);
}

/** availability ≥ target, i.e. 100 × (B − D) / B ≥ target, without rounding; B = 0 meets it. */
export function meetsTarget(businessMs: number, downtimeMs: number, target: number): boolean {
  if (businessMs === 0) return true;
  const fraction = decimalFraction(target);
  if (!fraction || !Number.isInteger(businessMs) || !Number.isInteger(downtimeMs)) {
    return (100 * (businessMs - downtimeMs)) / businessMs >= target;
  }
  return BigInt(businessMs - downtimeMs) * 100n * fraction.den >= fraction.num * BigInt(businessMs);
}

/** 100 × (B − D) / B, unrounded (docs/rules.md, rule 7); 100 when there is no business time. */
export function availabilityPercent(businessMs: number, downtimeMs: number): number {
  return businessMs === 0 ? 100 : (100 * (businessMs - downtimeMs)) / businessMs;
}

/** The shortest decimal that prints as `value` (99.9 → 999/10); null for exponent notation. */
function decimalFraction(value: number): Fraction | null {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const decimals = match[2] ?? '';
  return { num: BigInt(match[1]! + decimals), den: 10n ** BigInt(decimals.length) };
}
