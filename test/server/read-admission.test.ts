import { describe, expect, it } from 'vitest';
import { createReadAdmission, DEFAULT_ADMISSION, type AdmissionSample } from '../../src/server/read-admission.ts';

// When readers are answered while the daemon's one thread also probes: at once while the prober
// keeps up, metered once it falls behind while the thread is busy, never below a floor, and no
// longer metered once it is calm again. The clock is the test's.

const SAMPLE = 100;
const idle: AdmissionSample = { utilization: 0.3, proberBehind: false, waiting: 0 };
const saturated: AdmissionSample = { utilization: 0.99, proberBehind: true, waiting: 100 };

/** Reads admitted when `asked` arrive evenly over [from, from + ms). */
function admittedOver(admission: ReturnType<typeof createReadAdmission>, from: number, ms: number, asked: number): number {
  let admitted = 0;
  for (let i = 0; i < asked; i++) if (admission.admit(from + (i * ms) / asked)) admitted++;
  return admitted;
}

describe('read admission', () => {
  it('answers every read at once while the prober keeps up, however busy the thread', () => {
    const admission = createReadAdmission(0);
    expect(admittedOver(admission, 0, SAMPLE, 2_000)).toBe(2_000);
    admission.observe(SAMPLE, idle);
    expect(admission.ratePerS).toBeNull();
    // Busy but keeping up (or descheduled by other processes): holding readers back helps nobody.
    admission.observe(2 * SAMPLE, { utilization: 1, proberBehind: false, waiting: 0 });
    expect(admission.ratePerS).toBeNull();
    expect(admission.waitMs(SAMPLE)).toBe(0);
    expect(admittedOver(admission, 2 * SAMPLE, SAMPLE, 2_000)).toBe(2_000);
  });

  it('meters reads once the prober falls behind on a busy thread: below the rate it was answering them at', () => {
    const admission = createReadAdmission(0);
    // 1,500 reads in 100 ms: 15,000 a second, and the prober behind.
    admittedOver(admission, 0, SAMPLE, 1_500);
    admission.observe(SAMPLE, saturated);
    expect(admission.ratePerS).toBeCloseTo(15_000 * DEFAULT_ADMISSION.decrease, 0);
    // Over the next second, about the metered rate goes through, far fewer than asked.
    const admitted = admittedOver(admission, SAMPLE, 1_000, 15_000);
    expect(admitted).toBeLessThanOrEqual(15_000 * DEFAULT_ADMISSION.decrease + 200);
    expect(admitted).toBeGreaterThan(15_000 * DEFAULT_ADMISSION.decrease - 200);
  });

  it('says how long until the next read may go', () => {
    const admission = createReadAdmission(0);
    admittedOver(admission, 0, SAMPLE, 100);
    admission.observe(SAMPLE, saturated);
    // 1,000 a second, less the decrease: 700 a second, one every 1.43 ms once the burst is spent.
    while (admission.admit(SAMPLE));
    expect(admission.waitMs(SAMPLE)).toBe(2);
    expect(admission.admit(SAMPLE + 2)).toBe(true);
  });

  it('keeps lowering the rate while the prober stays behind, never below the floor', () => {
    const admission = createReadAdmission(0);
    admittedOver(admission, 0, SAMPLE, 1_000);
    for (let t = SAMPLE; t <= 50 * SAMPLE; t += SAMPLE) admission.observe(t, saturated);
    expect(admission.ratePerS).toBe(DEFAULT_ADMISSION.minRatePerS);
    // Readers are still answered: the floor's worth each second.
    const admitted = admittedOver(admission, 50 * SAMPLE, 1_000, 5_000);
    expect(admitted).toBeGreaterThanOrEqual(DEFAULT_ADMISSION.minRatePerS - 1);
    expect(admitted).toBeLessThanOrEqual(DEFAULT_ADMISSION.minRatePerS + 2);
  });

  it('raises the rate while reads wait and the prober keeps up', () => {
    const admission = createReadAdmission(0);
    admittedOver(admission, 0, SAMPLE, 1_000);
    admission.observe(SAMPLE, saturated);
    const metered = admission.ratePerS!;
    admission.observe(2 * SAMPLE, { utilization: 0.9, proberBehind: false, waiting: 40 });
    expect(admission.ratePerS).toBeCloseTo(metered * (1 + DEFAULT_ADMISSION.increase) + DEFAULT_ADMISSION.stepPerS, 6);
    // Time to spare but nobody waiting: no reason to raise it.
    admission.observe(3 * SAMPLE, { utilization: 0.9, proberBehind: false, waiting: 0 });
    expect(admission.ratePerS).toBeCloseTo(metered * (1 + DEFAULT_ADMISSION.increase) + DEFAULT_ADMISSION.stepPerS, 6);
  });

  it('stops metering once the thread has been calm with nobody waiting for a while', () => {
    const admission = createReadAdmission(0);
    admittedOver(admission, 0, SAMPLE, 1_000);
    admission.observe(SAMPLE, saturated);
    let t = SAMPLE;
    for (let i = 1; i < DEFAULT_ADMISSION.calmSamples; i++) admission.observe((t += SAMPLE), idle);
    expect(admission.ratePerS).not.toBeNull();
    // A sample with readers waiting starts the count again.
    admission.observe((t += SAMPLE), { ...idle, waiting: 3 });
    for (let i = 1; i < DEFAULT_ADMISSION.calmSamples; i++) admission.observe((t += SAMPLE), idle);
    expect(admission.ratePerS).not.toBeNull();
    admission.observe((t += SAMPLE), idle);
    expect(admission.ratePerS).toBeNull();
    expect(admittedOver(admission, t, SAMPLE, 2_000)).toBe(2_000);
  });

  it('meters reads when the prober skips turns while the thread is busy, not when it has time to spare', () => {
    const busy = createReadAdmission(0);
    admittedOver(busy, 0, SAMPLE, 1_000);
    busy.observe(SAMPLE, { utilization: 0.75, proberBehind: true, waiting: 0 });
    expect(busy.ratePerS).not.toBeNull();

    // Turns skipped with the thread mostly idle: slow targets, not readers.
    const slowTargets = createReadAdmission(0);
    admittedOver(slowTargets, 0, SAMPLE, 1_000);
    slowTargets.observe(SAMPLE, { utilization: 0.3, proberBehind: true, waiting: 0 });
    expect(slowTargets.ratePerS).toBeNull();
  });
});
