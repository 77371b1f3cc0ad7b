import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import { createAdmissionGate, type AdmissionGate } from '../../src/server/admission-gate.ts';
import { createRequestListener } from '../../src/server/request-listener.ts';
import { proberBehind } from '../../src/server/listen.ts';

// The gate in front of the app: while the prober is behind on a busy thread, requests wait in
// arrival order and go at the metered rate; /healthz and /metrics never wait. The busy share,
// the prober and the clock are the test's (fake timers drive the releases).

describe('admission gate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets requests through at once while the prober keeps up', () => {
    vi.useFakeTimers();
    const gate = createAdmissionGate({ clock: () => Date.now(), utilization: () => 0.99, proberBehind: () => false });
    for (let i = 0; i < 1_000; i++) expect(gate.enter()).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(gate.enter()).toBeNull();
    expect(gate.state()).toEqual({ ratePerS: null, waiting: 0 });
    gate.stop();
  });

  it('once the prober is behind, holds requests back and releases them in arrival order at the metered rate', async () => {
    vi.useFakeTimers();
    let behind = false;
    const gate = createAdmissionGate({ clock: () => Date.now(), utilization: () => 0.99, proberBehind: () => behind });
    // 200 reads in the first 100 ms (2,000 a second), then the prober is found behind.
    for (let i = 0; i < 200; i++) gate.enter();
    behind = true;
    vi.advanceTimersByTime(100);
    expect(gate.state().ratePerS).toBeCloseTo(1_400, 0);
    const released: number[] = [];
    const turns: Array<Promise<void>> = [];
    let immediate = 0;
    for (let i = 0; i < 100; i++) {
      const turn = gate.enter();
      if (turn === null) immediate++;
      else turns.push(turn.then(() => void released.push(i)));
    }
    // At most the burst (10 ms at the rate) goes at once; the rest waits.
    expect(immediate).toBeLessThanOrEqual(14);
    expect(gate.state().waiting).toBe(100 - immediate);
    // 30 ms later: about 40 more have gone (the rate falls again at the next sample).
    await vi.advanceTimersByTimeAsync(30);
    expect(released.length).toBeGreaterThan(20);
    expect(released.length).toBeLessThan(100 - immediate);
    // A newcomer waits behind those already waiting.
    const late = gate.enter();
    expect(late).not.toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    await late;
    await Promise.all(turns);
    expect(released).toEqual([...released].sort((a, b) => a - b));
    expect(released).toHaveLength(100 - immediate);
    gate.stop();
  });

  it('lets every waiting request go when stopped', async () => {
    vi.useFakeTimers();
    let behind = false;
    const gate = createAdmissionGate({ clock: () => Date.now(), utilization: () => 0.99, proberBehind: () => behind, settings: { calmBelow: 0.6, calmSamples: 10, minRatePerS: 1, decrease: 0.01, increase: 0, stepPerS: 0, burstMs: 1 } });
    gate.enter();
    behind = true;
    vi.advanceTimersByTime(100);
    const turns = [gate.enter(), gate.enter(), gate.enter()].filter((turn) => turn !== null);
    expect(turns.length).toBeGreaterThan(0);
    gate.stop();
    await Promise.all(turns);
  });

  it('tells that the prober is behind when its turns were skipped or missed or its probes started late', () => {
    let load: { skippedOverlap: number; missedTurns: number; lateStarts: number } | undefined = { skippedOverlap: 0, missedTurns: 0, lateStarts: 0 };
    const behind = proberBehind(() => load);
    expect(behind()).toBe(false);
    load = { ...load, skippedOverlap: 2 };
    expect(behind()).toBe(true);
    expect(behind()).toBe(false);
    load = { ...load, missedTurns: 1 };
    expect(behind()).toBe(true);
    expect(behind()).toBe(false);
    load = { ...load, lateStarts: 3 };
    expect(behind()).toBe(true);
    expect(behind()).toBe(false);
    // A reload starts a new prober, its counters at 0.
    load = { skippedOverlap: 0, missedTurns: 0, lateStarts: 0 };
    expect(behind()).toBe(false);
    load = undefined;
    expect(behind()).toBe(false);
  });
});

describe('the request listener', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('answers /healthz and /metrics while reads wait for their turn', async () => {
    const app = new Hono();
    app.get('/healthz', (c) => c.json({ ok: true }));
    app.get('/metrics', (c) => c.text('up 1\n'));
    app.get('/', (c) => c.text('page'));
    let open: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (open = resolve));
    const gate: AdmissionGate = { enter: () => closed, state: () => ({ ratePerS: 1, waiting: 0 }), stop: () => undefined };
    server = createServer(createRequestListener({ fetch: app.fetch, gate }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    const page = fetch(`${base}/`).then((response) => response.text());
    let pageAnswered = false;
    void page.then(() => (pageAnswered = true));
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${base}/metrics?name=up`)).text()).toBe('up 1\n');
    expect(pageAnswered).toBe(false);
    open();
    expect(await page).toBe('page');
  });
});
