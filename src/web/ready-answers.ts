import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { SnapshotCache } from '../cache/snapshot-cache.ts';

// Answers to anonymous reads of the cached public documents (the page, summary.json, GET
// /api/v1/status), kept as the app gave them: status, every header, the bytes. While the
// snapshot they came from is still the one the cache serves, the same request is answered
// from them before the app is asked, as a Node server answers a ready buffer: no routing, no
// middleware, no Request or Response objects. The app made each one, so the headers are its
// own, byte for byte (security headers, Vary, ETag, Cache-Control, Set-Cookie, a 304 for a
// matching If-None-Match). A request is "the same" when everything the app reads of it is:
// its URL and the headers these documents vary on. Requests with a token or a session may be
// answered differently for who sends them, and always go to the app.

/** What sendCached (cached-response.ts) tells of an answer it made from a snapshot. */
export interface CachedAnswerMark {
  readonly snapshots: SnapshotCache<unknown>;
  readonly tag: string;
  readonly body: string | Uint8Array | null;
}

/** The context variable sendCached sets. */
export const CACHED_ANSWER = 'cachedAnswer';

interface ReadyAnswer extends CachedAnswerMark {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
}

export interface ReadyAnswers {
  /** Answers from a ready answer whose snapshot is still current; false when the app must answer. */
  answer(incoming: IncomingMessage, outgoing: ServerResponse): Promise<boolean>;
  /** The app's outermost middleware: keeps the answers sendCached marked. */
  readonly remember: MiddlewareHandler;
  readonly size: number;
}

/** Answers kept at most (each variant of URL, encoding, language, If-None-Match is one). */
export const MAX_READY_ANSWERS = 64;

/** The content type node-server gives a body without one. */
const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';
const LANGUAGE_COOKIE_ONLY = /^veille_lang=(fr|en)$/;

/** What identifies a request to these documents; null for one that must go to the app. */
export function variantOf(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): string | null {
  if (method !== 'GET' || url === undefined || headers.authorization !== undefined) return null;
  const cookie = headers.cookie;
  if (cookie !== undefined && !LANGUAGE_COOKIE_ONLY.test(cookie)) return null;
  // Header values cannot hold a line break: the parts cannot run into one another.
  return `${url}\n${headers['accept-encoding'] ?? ''}\n${headers['accept-language'] ?? ''}\n${cookie ?? ''}\n${headers['if-none-match'] ?? ''}`;
}

export function createReadyAnswers(max = MAX_READY_ANSWERS): ReadyAnswers {
  const answers = new Map<string, ReadyAnswer>();

  const remember: MiddlewareHandler = async (c, next) => {
    await next();
    const mark = (c as Context<{ Variables: { [CACHED_ANSWER]?: CachedAnswerMark } }>).get(CACHED_ANSWER);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!mark || !incoming) return;
    const key = variantOf(incoming.method, incoming.url, incoming.headers);
    if (key === null) return;
    if (!answers.has(key) && answers.size >= max) answers.delete(answers.keys().next().value!);
    answers.set(key, { ...mark, status: c.res.status, headers: outgoingHeaders(c.res.headers, mark.body) });
  };

  return {
    async answer(incoming, outgoing) {
      const key = variantOf(incoming.method, incoming.url, incoming.headers);
      const ready = key === null ? undefined : answers.get(key);
      if (!ready) return false;
      // The cache decides as for any reader: a newer snapshot, or one being built in the background.
      const current = await ready.snapshots.get().catch(() => null);
      if (current?.tag !== ready.tag) {
        answers.delete(key!);
        return false;
      }
      outgoing.writeHead(ready.status, ready.headers);
      outgoing.end(ready.body ?? undefined);
      return true;
    },
    remember,
    get size() {
      return answers.size;
    },
  };
}

/** The headers node-server writes for a Response with this body: its own, lower-cased, then Content-Length. */
function outgoingHeaders(headers: Headers, body: string | Uint8Array | null): OutgoingHttpHeaders {
  const record: OutgoingHttpHeaders = {};
  const cookies: string[] = [];
  headers.forEach((value, name) => {
    if (name === 'set-cookie') cookies.push(value);
    else record[name] = value;
  });
  if (cookies.length > 0) record['set-cookie'] = cookies;
  if (body !== null) {
    record['content-type'] ??= DEFAULT_CONTENT_TYPE;
    if (!('content-length' in record)) record['Content-Length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  }
  return record;
}
