import type { DeliveryOutcome } from './channel.ts';

/**
 * The most of a receiver's answer veille reads. Only an excerpt is ever kept (for the reason
 * of a refusal), so a receiver answering gigabytes, by mistake or on purpose, is cut off here
 * instead of being buffered until the daemon runs out of memory.
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs a JSON body and says whether the receiver took it. 2xx is accepted; 408, 429 and 5xx
 * (and no answer at all) are worth retrying; any other status will not change by itself.
 * Redirects are not followed: the configured URL is the one trusted with the message.
 * `timeoutMs` bounds the whole exchange, the answer's body included, so a receiver trickling
 * its answer forever is a failed (retried) delivery like one that never answers; so is an
 * answer over MAX_ANSWER_BYTES.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<DeliveryOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'veille', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return { ok: false, error: describeNetworkError(error, timeoutMs), permanent: false };
  }
  const answer = await readBounded(response, MAX_ANSWER_BYTES);
  if (answer.kind === 'too-large') return { ok: false, error: `HTTP ${response.status}: answer larger than ${MAX_ANSWER_BYTES} bytes, not read further`, permanent: false };
  if (answer.kind === 'failed') {
    const reason = signal.aborted ? `answer not complete within ${timeoutMs} ms` : `answer cut short (${answer.reason})`;
    return { ok: false, error: `HTTP ${response.status}: ${reason}`, permanent: false };
  }
  const excerpt = answer.text.slice(0, 200).replace(/\s+/g, ' ').trim();
  if (response.status >= 200 && response.status < 300) return { ok: true, ref: `HTTP ${response.status}` };
  const retry = response.status === 408 || response.status === 429 || response.status >= 500;
  return { ok: false, error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`, permanent: !retry };
}

type Answer = { kind: 'read'; text: string } | { kind: 'too-large' } | { kind: 'failed'; reason: string };

/** Reads a body up to `limit` bytes; past it, the stream is cancelled (the connection is dropped). */
async function readBounded(response: Response, limit: number): Promise<Answer> {
  if (!response.body) return { kind: 'read', text: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    return { kind: 'failed', reason: (error as Error).message ?? String(error) };
  }
  return { kind: 'read', text: Buffer.concat(chunks).toString('utf8') };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message ?? 'request failed'} (${cause})` : (err.message ?? String(error));
}
