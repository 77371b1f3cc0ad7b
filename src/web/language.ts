import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../status-page/i18n/messages.ts';

// Who is reading: the language of the texts and the locale for dates and numbers. An explicit
// choice (?lang=, then the cookie it leaves) wins over Accept-Language; French by default.
// The locale is the reader's own region when Accept-Language gives one for that language
// (en-GB dates for an English reader in London), else Canada's. Only `ll-RR` forms Intl knows
// are accepted, so odd headers cannot make the page cache hold many variants.

export interface Reader {
  readonly language: Language;
  readonly locale: string;
}

export const LANGUAGE_COOKIE = 'veille_lang';
const DEFAULT_REGION = 'CA';

export function isLanguage(value: string | undefined): value is Language {
  return value !== undefined && (LANGUAGES as readonly string[]).includes(value);
}

/** Accept-Language tags, best first (q=0 dropped); malformed entries are ignored. */
export function acceptedTags(header: string | undefined): string[] {
  if (!header) return [];
  const tags: Array<{ tag: string; q: number; order: number }> = [];
  header.split(',').slice(0, 20).forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim() ?? '';
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) return;
    tags.push({ tag, q, order });
  });
  return tags.sort((a, b) => b.q - a.q || a.order - b.order).map((t) => t.tag);
}

export function chooseReader(input: { query?: string | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined }): Reader {
  const tags = acceptedTags(input.acceptLanguage);
  const fromHeader = tags.map((tag) => tag.slice(0, 2).toLowerCase()).find(isLanguage);
  const language = isLanguage(input.query) ? input.query : isLanguage(input.cookie) ? input.cookie : (fromHeader ?? DEFAULT_LANGUAGE);
  return { language, locale: localeFor(language, tags) };
}

function localeFor(language: Language, tags: readonly string[]): string {
  for (const tag of tags) {
    const match = /^([A-Za-z]{2})-([A-Za-z]{2})$/.exec(tag);
    if (!match || match[1]!.toLowerCase() !== language) continue;
    const candidate = `${language}-${match[2]!.toUpperCase()}`;
    if (Intl.DateTimeFormat.supportedLocalesOf([candidate]).length === 1) return candidate;
  }
  return `${language}-${DEFAULT_REGION}`;
}
