import type { Dispatcher } from 'undici';
import type { CheckConfig, StatusRange } from '../config/types.ts';
import { BodyScan, type BodyOutcome } from './body-scan.ts';
import { MAX_BODY_BYTES, MAX_REDIRECTS, USER_AGENT } from './limits.ts';
import type { ProbeAbort } from './probe-abort.ts';
import type { ProbeContext, Verdict } from './types.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = Object.freeze({ 'user-agent': USER_AGENT, accept: '*/*' });
/** A redirect's or an error page's body is read up to this, then the connection is dropped. */
const DISCARD_LIMIT = 64 * 1024;

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
export function httpProbe(check: CheckConfig, context: ProbeContext): Promise<Verdict> {
  const target = targetOf(check);
  const verdict = probeUrl(check, target, context);
  if (target.url.protocol !== 'https:') return verdict;
  // The check's own origin answered (a handshake succeeded): its certificate is the one watched.
  return verdict.then((seen) => {
    const notAfter = context.certificates?.(target.origin) ?? null;
    return notAfter === null ? seen : { ...seen, certificateNotAfter: notAfter };
  });
}

async function probeUrl(check: CheckConfig, start: Target, { dispatcher, abort }: ProbeContext): Promise<Verdict> {
  let target = start;
  for (let redirects = 0; ; redirects++) {
    const answer = await exchange(dispatcher, target, check, abort);
    if (answer.location !== null) {
      if (redirects === MAX_REDIRECTS) return { ok: false, reason: 'too_many_redirects' };
      const next = resolveRedirect(answer.location, target.url);
      if (!next) return { ok: false, reason: 'bad_redirect' };
      target = targetAt(next);
      continue;
    }
    if (answer.outcome === null) return { ok: false, reason: `status ${answer.statusCode}` };
    if (answer.outcome === 'missing') return { ok: false, reason: 'body' };
    if (answer.outcome === 'too_large') return { ok: false, reason: 'body_too_large' };
    return { ok: true };
  }
}

export function statusAccepted(code: number, accepted: readonly StatusRange[]): boolean {
  return accepted.some((range) => code >= range.from && code <= range.to);
}

/** What one request gave: a redirect to follow, a status refused, or what the body showed. */
interface Answer {
  readonly statusCode: number;
  /** A redirect's Location (its body read and dropped). */
  readonly location: string | null;
  /** The accepted answer's body, scanned; null when the status was not accepted (its body dropped). */
  readonly outcome: BodyOutcome | null;
}

/** Where a request goes: the URL, and its origin and path as the dispatcher takes them. */
interface Target {
  readonly url: URL;
  readonly origin: string;
  readonly path: string;
}

function targetAt(url: URL): Target {
  return { url, origin: url.origin, path: `${url.pathname}${url.search}` };
}

/** A check's URL, parsed once per configuration (checks are frozen, and probed every few seconds). */
const targets = new WeakMap<CheckConfig, Target>();
function targetOf(check: CheckConfig): Target {
  let target = targets.get(check);
  if (!target) {
    target = targetAt(new URL(check.url));
    targets.set(check, target);
  }
  return target;
}

function resolveRedirect(location: string, base: URL): URL | null {
  try {
    const next = new URL(location, base);
    return next.protocol === 'http:' || next.protocol === 'https:' ? next : null;
  } catch {
    return null;
  }
}

/**
 * One request through the dispatcher, its answer taken as it arrives (undici's handler
 * callbacks, no response stream): the status and headers decide whether the body is scanned for
 * the check or read and dropped, up to 64 KiB, so the connection can be reused (past that it is
 * closed, as it is once the scan has its outcome). A failure of the request or of the scanned
 * body rejects with undici's error; a dropped body that fails is simply over. The probe's abort
 * (its deadline, the prober stopping) ends the request.
 */
function exchange(dispatcher: Dispatcher, target: Target, check: CheckConfig, probeAbort: ProbeAbort): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (probeAbort.reason) return reject(probeAbort.reason);
    let abort: ((reason: Error) => void) | null = null;
    let settled = false;
    let statusCode = 0;
    let location: string | null = null;
    /** Reading the body to drop it (a redirect, a status refused): the bytes read so far. */
    let dropped = -1;
    let scan: BodyScan | null = null;
    const settle = (answer: Answer | null, error?: unknown) => {
      if (settled) return;
      settled = true;
      probeAbort.unlisten(onAbort);
      if (answer) resolve(answer);
      else reject(error);
    };
    const onAbort = (reason: Error) => {
      settle(null, reason);
      abort?.(reason);
    };
    probeAbort.listen(onAbort);
    const stopReading = () => abort?.(new Error('the probe has its answer'));
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (settled) abortRequest(probeAbort.reason ?? new Error('the probe has its answer'));
      },
      onHeaders(code, rawHeaders) {
        // 1xx answers are informational: the final one follows.
        if (code < 200) return true;
        statusCode = code;
        const headers = rawHeaders as Buffer[];
        const redirect = REDIRECTS.has(code) ? firstHeader(headers, 'location') : null;
        if (redirect !== null || !statusAccepted(code, check.expect.status)) {
          location = redirect;
          dropped = 0;
          const length = check.method === 'HEAD' ? null : contentLength(headers);
          if (length !== null && length > DISCARD_LIMIT) {
            settle({ statusCode, location, outcome: null });
            stopReading();
          }
          return true;
        }
        scan = new BodyScan(check.expect.body === null ? null : needleOf(check), MAX_BODY_BYTES);
        return true;
      },
      onData(chunk) {
        if (settled) return true;
        if (scan) {
          const outcome = scan.push(chunk);
          if (outcome) {
            settle({ statusCode, location: null, outcome });
            stopReading();
          }
        } else if (dropped >= 0) {
          dropped += chunk.length;
          if (dropped > DISCARD_LIMIT) {
            settle({ statusCode, location, outcome: null });
            stopReading();
          }
        }
        return true;
      },
      onComplete() {
        if (scan) settle({ statusCode, location: null, outcome: scan.end() });
        else settle({ statusCode, location, outcome: null });
      },
      onError(error) {
        // A body being dropped that fails is over all the same; anything else fails the probe.
        if (dropped >= 0) settle({ statusCode, location, outcome: null });
        else settle(null, error);
      },
    };
    dispatcher.dispatch({ origin: target.origin, path: target.path, method: check.method, headers: HEADERS }, handler);
  });
}

/** The expected text's bytes, once per check. */
const needles = new WeakMap<CheckConfig, Buffer>();
function needleOf(check: CheckConfig): Buffer {
  let needle = needles.get(check);
  if (!needle) {
    needle = Buffer.from(check.expect.body!, 'utf8');
    needles.set(check, needle);
  }
  return needle;
}

/** The first value of a header among undici's raw headers (names in any case), as undici decodes it. */
function firstHeader(raw: readonly Buffer[], name: string): string | null {
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toString('latin1').toLowerCase() === name) return raw[i + 1]!.toString('latin1');
  }
  return null;
}

/** Content-Length when it is given once and is a number (as undici's response body reads it), else null. */
function contentLength(raw: readonly Buffer[]): number | null {
  let value: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === 14 && key.toString('latin1').toLowerCase() === 'content-length') {
      if (value !== null) return null;
      value = raw[i + 1]!.toString('latin1');
    }
  }
  const length = value === null ? Number.NaN : Number(value);
  return Number.isFinite(length) && length > 0 ? length : null;
}
