// The budget and the verdict (rule 7) as pure arithmetic: the target is read as the decimal it
// was written as, so the boundary cases come out exactly where the contract puts them.
import { describe, expect, it } from 'vitest';
import { availabilityPercent, budgetMs, checkTarget, meetsTarget } from '../../src/sla/target-arithmetic.ts';

// November 2026 in Toronto: 21 business days of 8 h.
const B = 604_800_000;

describe('the budget: floor(B × (100 − target) / 100)', () => {
  it('at the usual targets, to the millisecond', () => {
    expect(budgetMs(B, 99)).toBe(6_048_000);
    expect(budgetMs(B, 99.5)).toBe(3_024_000);
    expect(budgetMs(B, 98)).toBe(12_096_000);
  });

  it('at two-decimal and one-decimal targets, where floating point lands a hair below the integer', () => {
    // In floating point B × (100 − 99.9) / 100 is 604,799.99999… and would floor to one ms less.
    expect(budgetMs(B, 99.9)).toBe(604_800);
    expect(budgetMs(B, 99.95)).toBe(302_400);
    expect(budgetMs(B, 99.7)).toBe(1_814_400);
    expect(budgetMs(B, 99.99)).toBe(60_480);
  });

  it('rounds a fractional budget down: the month allows no fraction of a millisecond', () => {
    expect(budgetMs(1_001, 99)).toBe(10); // 10.01 ms
    expect(budgetMs(999, 99)).toBe(9); // 9.99 ms
    expect(budgetMs(1_999, 99.95)).toBe(0); // 0.9995 ms
    expect(budgetMs(2_000, 99.95)).toBe(1);
  });

  it('is nothing at 100 %, the whole business time at 0 %, and nothing without business time', () => {
    expect(budgetMs(B, 100)).toBe(0);
    expect(budgetMs(B, 0)).toBe(B);
    expect(budgetMs(0, 99)).toBe(0);
    // Exact at any size: in floating point B × 100 / 100 comes back one ms short here.
    expect(budgetMs(380_966_660_355_017, 0)).toBe(380_966_660_355_017);
  });

  it('falls back to floating point for a target written in exponent notation or a fractional B', () => {
    // String(1e-7) is "1e-7": not a plain decimal, so the float formula applies.
    expect(budgetMs(1_000_000_000, 1e-7)).toBe(999_999_999);
    expect(budgetMs(1_000_000_000, 5e-7)).toBe(999_999_995);
    expect(budgetMs(1_000.5, 99)).toBe(10); // 10.005
    expect(budgetMs(100_000.5, 90)).toBe(10_000); // 10,000.05
  });
});

describe('the verdict: availability ≥ target, without rounding', () => {
  it('downtime exactly at the budget meets the target; one millisecond more does not', () => {
    expect(meetsTarget(B, 6_048_000, 99)).toBe(true);
    expect(meetsTarget(B, 6_048_001, 99)).toBe(false);
    expect(meetsTarget(B, 604_800, 99.9)).toBe(true);
    expect(meetsTarget(B, 604_801, 99.9)).toBe(false);
    expect(meetsTarget(B, 302_400, 99.95)).toBe(true);
    expect(meetsTarget(B, 302_401, 99.95)).toBe(false);
  });

  it('is exact even where floating point cannot tell the budget from one millisecond more', () => {
    // 100 × (B − D) / B rounds to exactly 99.5 here, though D is one ms over the budget.
    const huge = 1_160_405_221_628_795;
    expect(budgetMs(huge, 99.5)).toBe(5_802_026_108_143);
    expect(meetsTarget(huge, 5_802_026_108_143, 99.5)).toBe(true);
    expect(meetsTarget(huge, 5_802_026_108_144, 99.5)).toBe(false);
  });

  it('at 100 % only a month without downtime meets it; at 0 % every month does', () => {
    expect(meetsTarget(B, 0, 100)).toBe(true);
    expect(meetsTarget(B, 1, 100)).toBe(false);
    expect(meetsTarget(B, B, 0)).toBe(true);
  });

  it('a period without business time meets any target', () => {
    expect(meetsTarget(0, 0, 100)).toBe(true);
    expect(meetsTarget(0, 0, 1e-7)).toBe(true);
  });

  it('takes the floating-point path for an exponent target or fractional figures, and still compares with ≥', () => {
    expect(meetsTarget(1_000, 0, 1e-7)).toBe(true);
    expect(meetsTarget(1_000, 1_000, 1e-7)).toBe(false);
    expect(meetsTarget(1_000, 10.5, 99)).toBe(false); // 98.95 %
    expect(meetsTarget(1_000, 9.5, 99)).toBe(true); // 99.05 %
    expect(meetsTarget(1_000, 10, 99)).toBe(true); // exactly 99 %
    expect(meetsTarget(1_000.5, 10.005, 99)).toBe(true); // exactly 99 % in floating point
    expect(meetsTarget(2_000.5, 10, 99.5)).toBe(true); // 99.50012… %
    expect(meetsTarget(2_000.5, 10.5, 99.5)).toBe(false); // 99.47513… %
  });
});

describe('availability: 100 × (B − D) / B, unrounded', () => {
  it('is the plain percentage, and 100 without business time', () => {
    expect(availabilityPercent(B, 6_048_000)).toBe(99);
    expect(availabilityPercent(B, 0)).toBe(100);
    expect(availabilityPercent(B, B)).toBe(0);
    expect(availabilityPercent(8, 1)).toBe(87.5);
    expect(availabilityPercent(0, 0)).toBe(100);
  });
});

describe('the target itself', () => {
  it('may be any percentage from 0 to 100', () => {
    for (const target of [0, 0.5, 99, 99.95, 100]) expect(() => checkTarget(target)).not.toThrow();
  });

  it('is refused below 0, above 100, or not a number, naming the field', () => {
    for (const target of [-1, -0.01, 100.01, 101, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => checkTarget(target), String(target)).toThrow(`target: ${target} is not a percentage between 0 and 100`);
    }
  });
});
