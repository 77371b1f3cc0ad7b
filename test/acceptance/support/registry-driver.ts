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
    const window: ModelWindow = { environments: planned.environments, versions: [], cancelledAt: null };
    let id: number | null = null;
    for (const [v, version] of planned.versions.entries()) {
      const times = {
        start: iso(version.start),
        // Rule 5: an end, or a duration (integer ms in JSON).
        ...(version.byDuration ? { duration: version.end - version.start } : { end: iso(version.end) }),
        ...(version.noticeSentAt === 'registration' ? {} : { noticeSentAt: iso(version.noticeSentAt), noticeRef: `mail ${label}/${k}/${v}` }),
      };
      const answer: ApiAnswer =
        id === null
          ? await expectCall(veille, 'POST', '/api/v1/maintenance', sre, { environments: planned.environments, impact: `${label}: window ${k}, service interrupted`, ...times }, 201)
          : await expectCall(veille, 'POST', `/api/v1/maintenance/${id}/reschedule`, sre, { reason: `${label}: moved (${v})`, ...times }, 200);
      id = answer.body.id;
      expect(id).toEqual(expect.any(Number));
      expect(readInstant(answer.body.start)).toBe(version.start);
      expect(readInstant(answer.body.end)).toBe(version.end);
      // The registry keeps both times: when the notice was sent (by default, when recorded) and when it was recorded (rule 5).
      const recordedAt = readInstant(answer.body.recordedAt);
      expect(recordedAt).toBeGreaterThanOrEqual(answer.sentAt);
      expect(recordedAt).toBeLessThanOrEqual(answer.receivedAt);
      const noticeSentAt = readInstant(answer.body.noticeSentAt);
      expect(noticeSentAt).toBe(version.noticeSentAt === 'registration' ? recordedAt : version.noticeSentAt);
      window.versions.push({ start: version.start, end: version.end, noticeSentAt });
    }
    world.windows.push(window);
    if (planned.cancel) {
      const cancelled = await expectCall(veille, 'POST', `/api/v1/maintenance/${id}/cancel`, sre, { reason: `${label}: not needed` }, 200);
      // Cancelling ends the window at the cancellation instant (docs/rules.md, rule 5): the server's clock.
      const cancelledAt = readInstant(cancelled.body.cancelledAt);
      expect(cancelledAt).toBeGreaterThanOrEqual(cancelled.sentAt);
      expect(cancelledAt).toBeLessThanOrEqual(cancelled.receivedAt);
      window.cancelledAt = cancelledAt;
    }
  }
}
