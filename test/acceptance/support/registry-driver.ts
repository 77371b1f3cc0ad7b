// Plays a planned scenario against the running daemon through the HTTP API, and records in the
// test's world exactly what the rules say was registered (ids and server-set instants such as
// a cancellation are read back from the answers).
import { expect } from 'vitest';
import { isoText, readInstant } from './iso-text.ts';
import type { ModelOutage, ModelWindow, World } from './rule7-expected.ts';
import type { Plan } from './scenario.ts';
import type { ApiAnswer, Veille } from './veille-process.ts';

/** A call whose answer must have the contract's status; otherwise the failure says what was sent and what came back. */
export async function expectCall(veille: Veille, method: string, path: string, token: string, body: unknown, status: number): Promise<ApiAnswer> {
  const answer = await veille.call(method, path, { token, body });
  expect(answer.status, `${method} ${path}\nsent: ${JSON.stringify(body)}\ngot ${answer.status}: ${JSON.stringify(answer.body)}`).toBe(status);
  return answer;
}

export async function playScenario(veille: Veille, world: World, plan: Plan, label: string): Promise<void> {
  const sre = veille.tokens.sre;
  let variant = 0;
  const iso = (t: number) => isoText(t, variant++);

  for (const [k, planned] of plan.outages.entries()) {
    const body = { check: planned.check, start: iso(planned.start), end: iso(planned.end), reason: `${label}: outage ${k}` };
    const created = await expectCall(veille, 'POST', '/api/v1/outages', sre, body, 201);
    expect(created.body).toMatchObject({ id: expect.any(Number), check: planned.check, manual: true });
    expect(readInstant(created.body.start)).toBe(planned.start);
    expect(readInstant(created.body.end)).toBe(planned.end);
    const outage: ModelOutage = { check: planned.check, start: planned.start, end: planned.end, exclusions: [] };
    world.outages.push(outage);

    for (const exclusion of planned.exclusions) {
      const request = {
        reason: exclusion.reason,
        justification: `${label}: the client's ${exclusion.reason.replace('_', ' ')}`,
        ...(exclusion.part ? { start: iso(exclusion.part.start), end: iso(exclusion.part.end) } : {}),
      };
      const excluded = await expectCall(veille, 'POST', `/api/v1/outages/${created.body.id}/exclusions`, sre, request, 201);
      expect(excluded.body).toMatchObject({ id: expect.any(Number), reason: exclusion.reason, revoked: false });
      const modelled = { start: exclusion.part?.start ?? planned.start, end: exclusion.part?.end ?? null, revoked: false };
      outage.exclusions.push(modelled);
      if (exclusion.revoke) {
        const revoked = await expectCall(veille, 'POST', `/api/v1/exclusions/${excluded.body.id}/revoke`, sre, { reason: `${label}: it was our fault after all` }, 200);
        expect(revoked.body).toMatchObject({ id: excluded.body.id, revoked: true });
        modelled.revoked = true;
      }
    }
  }

  for (const [k, planned] of plan.windows.entries()) {
    const [first, ...later] = planned.versions;
    const body = {
      environments: planned.environments,
      start: iso(first!.start),
      end: iso(first!.end),
      impact: `${label}: window ${k}, service interrupted`,
      noticeSentAt: iso(first!.noticeSentAt),
      noticeRef: `mail ${label}/${k}/0`,
    };
    const created = await expectCall(veille, 'POST', '/api/v1/maintenance', sre, body, 201);
    expect(created.body).toMatchObject({ id: expect.any(Number) });
    // The registry keeps both times: when the notice was sent, and when it was recorded (rule 5).
    expect(readInstant(created.body.noticeSentAt)).toBe(first!.noticeSentAt);
    const recordedAt = readInstant(created.body.recordedAt);
    expect(recordedAt).toBeGreaterThanOrEqual(created.sentAt);
    expect(recordedAt).toBeLessThanOrEqual(created.receivedAt);
    const window: ModelWindow = { environments: planned.environments, versions: [first!], cancelledAt: null };
    world.windows.push(window);

    for (const [v, version] of later.entries()) {
      const change = {
        reason: `${label}: moved (${v + 1})`,
        start: iso(version.start),
        end: iso(version.end),
        noticeSentAt: iso(version.noticeSentAt),
        noticeRef: `mail ${label}/${k}/${v + 1}`,
      };
      const moved = await expectCall(veille, 'POST', `/api/v1/maintenance/${created.body.id}/reschedule`, sre, change, 200);
      expect(readInstant(moved.body.start)).toBe(version.start);
      expect(readInstant(moved.body.end)).toBe(version.end);
      window.versions.push(version);
    }
    if (planned.cancel) {
      const cancelled = await expectCall(veille, 'POST', `/api/v1/maintenance/${created.body.id}/cancel`, sre, { reason: `${label}: not needed` }, 200);
      // Cancelling ends the window at the cancellation instant (DESIGN.md): the server's clock.
      const cancelledAt = readInstant(cancelled.body.cancelledAt);
      expect(cancelledAt).toBeGreaterThanOrEqual(cancelled.sentAt);
      expect(cancelledAt).toBeLessThanOrEqual(cancelled.receivedAt);
      window.cancelledAt = cancelledAt;
    }
  }
}
