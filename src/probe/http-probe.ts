import type { Dispatcher } from 'undici';
import type { CheckConfig, StatusRange } from '../config/types.ts';
import { scanBody } from './body-scan.ts';
import { MAX_BODY_BYTES, MAX_REDIRECTS, USER_AGENT } from './limits.ts';
import type { ProbeContext, Verdict } from './types.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * An HTTP(S) check: the final answer's status must be in the expected set and, when a text is
 * expected, it must appear in the first MiB of the body.
 *
 * Redirects are followed here rather than by undici's redirect interceptor: past its limit the
 * interceptor hands back the last 3xx answer, which the default expected set (200-399) would
 * take for `up`. Exceeding the limit must be a failure.
 *
 * The body is always read within the deadline, at most 1 MiB of it: a target that sends
 * headers and then hangs or trickles fails with `timeout` even when no text is expected. Past
 * 1 MiB the rest is not downloaded; with no text expected that is not a failure, and with one
 * expected and not seen in that first MiB the probe fails with `body_too_large` (a body that
 * ended without the text fails with `body`).
 */
export async function httpProbe(check: CheckConfig, context: ProbeContext): Promise<Verdict> {
  const verdict = await probeUrl(check, context);
  // The check's own origin answered (a handshake succeeded): its certificate is the one watched.
  const origin = new URL(check.url);
  const notAfter = origin.protocol === 'https:' ? (context.certificates?.(origin.origin) ?? null) : null;
  return notAfter === null ? verdict : { ...verdict, certificateNotAfter: notAfter };
}

async function probeUrl(check: CheckConfig, { dispatcher, signal }: ProbeContext): Promise<Verdict> {
  let url = new URL(check.url);
  for (let redirects = 0; ; redirects++) {
    const response = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: check.method,
      headers: { 'user-agent': USER_AGENT, accept: '*/*' },
      signal,
    });
    const location = headerValue(response.headers.location);
    if (REDIRECTS.has(response.statusCode) && location !== null) {
      await discard(response.body, signal);
      if (redirects === MAX_REDIRECTS) return { ok: false, reason: 'too_many_redirects' };
      const next = resolveRedirect(location, url);
      if (!next) return { ok: false, reason: 'bad_redirect' };
      url = next;
      continue;
    }
    if (!statusAccepted(response.statusCode, check.expect.status)) {
      await discard(response.body, signal);
      return { ok: false, reason: `status ${response.statusCode}` };
    }
    const needle = check.expect.body === null ? null : Buffer.from(check.expect.body, 'utf8');
    const outcome = await scanBody(response.body, needle, MAX_BODY_BYTES);
    if (outcome === 'missing') return { ok: false, reason: 'body' };
    if (outcome === 'too_large') return { ok: false, reason: 'body_too_large' };
    return { ok: true };
  }
}

export function statusAccepted(code: number, accepted: readonly StatusRange[]): boolean {
  return accepted.some((range) => code >= range.from && code <= range.to);
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function resolveRedirect(location: string, base: URL): URL | null {
  try {
    const next = new URL(location, base);
    return next.protocol === 'http:' || next.protocol === 'https:' ? next : null;
  } catch {
    return null;
  }
}

/** Reads and drops a small body (a redirect's, an error page) so the connection can be reused. */
async function discard(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<void> {
  await body.dump({ limit: 64 * 1024, signal });
}
