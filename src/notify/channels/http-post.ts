import type { DeliveryOutcome } from './channel.ts';

/**
 * POSTs a JSON body and says whether the receiver took it. 2xx is accepted; 408, 429 and 5xx
 * (and no answer at all) are worth retrying; any other status will not change by itself.
 * Redirects are not followed: the configured URL is the one trusted with the message.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<DeliveryOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'veille', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, error: describeNetworkError(error, timeoutMs), permanent: false };
  }
  const excerpt = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
  if (response.status >= 200 && response.status < 300) return { ok: true, ref: `HTTP ${response.status}` };
  const retry = response.status === 408 || response.status === 429 || response.status >= 500;
  return { ok: false, error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`, permanent: !retry };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message ?? 'request failed'} (${cause})` : (err.message ?? String(error));
}
