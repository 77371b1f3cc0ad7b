import { messagesFor, type Language } from '../../status-page/i18n/messages.ts';
import { renderStatusPage } from '../../status-page/render.tsx';
import { createFormatter } from '../../status-page/format.ts';
import { renderAtomFeed } from '../interop/atom-feed.ts';
import type { PublicAddress } from '../interop/public-address.ts';
import { STATUSPAGE_DOCUMENTS } from '../interop/statuspage/statuspage-documents.ts';
import { compress, ENCODINGS } from './compression.ts';
import type { Reader } from './language.ts';
import type { PublicSnapshot } from './public-view/types.ts';

// The public documents rendered from a snapshot, each named by the key its rendering is kept
// under ('page:fr-CA', 'v2:summary.json:en', 'feed:en-GB'; '#gzip' or '#br' for its compressed
// bytes). The routes render through these, and so does the thread that builds snapshots in the
// background: from the keys read off one snapshot it makes the next one's ready beforehand, so
// that no reader waits for a page to be rendered or compressed.

export interface DocumentContext {
  readonly stylesheetHref: string;
  readonly address: PublicAddress;
}

export const pageKey = (reader: Reader) => `page:${reader.locale}`;
export const feedKey = (reader: Reader) => `feed:${reader.locale}`;
export const statuspageKey = (name: string, language: Language) => `v2:${name}:${language}`;

export function renderPage(reader: Reader, snapshot: PublicSnapshot, context: DocumentContext): string {
  return renderStatusPage(createFormatter(reader.language, reader.locale, snapshot.timeZone), snapshot, context.stylesheetHref);
}

export function renderFeed(reader: Reader, snapshot: PublicSnapshot, context: DocumentContext): string {
  return renderAtomFeed(createFormatter(reader.language, reader.locale, snapshot.timeZone), context.address, snapshot);
}

export function renderStatuspageDocument(name: string, language: Language, snapshot: PublicSnapshot, context: DocumentContext): string {
  return JSON.stringify(STATUSPAGE_DOCUMENTS[name]!({ snapshot, address: context.address, t: messagesFor(language) }));
}

/** The reader a locale key names ('fr-CA': French, Canadian dates); null for anything else. */
function readerOfLocale(locale: string): Reader | null {
  const language = locale.slice(0, 2);
  return (language === 'fr' || language === 'en') && /^[a-z]{2}-[A-Z]{2}$/.test(locale) ? { language, locale } : null;
}

/** The text a key names, or undefined for a key that is only made on request (badges, say). */
function renderText(key: string, snapshot: PublicSnapshot, context: DocumentContext): string | undefined {
  const [kind, ...rest] = key.split(':');
  if (kind === 'page' || kind === 'feed') {
    const reader = readerOfLocale(rest.join(':'));
    if (!reader) return undefined;
    return kind === 'page' ? renderPage(reader, snapshot, context) : renderFeed(reader, snapshot, context);
  }
  if (kind === 'v2' && rest.length === 2) {
    const [name, language] = rest as [string, string];
    if (!(name in STATUSPAGE_DOCUMENTS) || (language !== 'fr' && language !== 'en')) return undefined;
    return renderStatuspageDocument(name, language, snapshot, context);
  }
  return undefined;
}

/**
 * The renderings of `keys` that can be made ahead of a request, by key (a compressed form
 * renders its text once for all its encodings); keys it does not know are left out.
 */
export function renderDocuments(keys: readonly string[], snapshot: PublicSnapshot, context: DocumentContext): Map<string, string | Uint8Array> {
  const made = new Map<string, string | Uint8Array>();
  const texts = new Map<string, string | undefined>();
  const textOf = (key: string) => {
    if (!texts.has(key)) texts.set(key, renderText(key, snapshot, context));
    return texts.get(key);
  };
  for (const key of keys) {
    const [base, encoding] = key.split('#') as [string, string | undefined];
    const text = textOf(base);
    if (text === undefined) continue;
    if (encoding === undefined) made.set(key, text);
    else if ((ENCODINGS as readonly string[]).includes(encoding)) made.set(key, compress(text, encoding as (typeof ENCODINGS)[number]));
  }
  return made;
}
