import { DateTime } from 'luxon';
import type { Language } from '../../config/types.ts';
import { createFormatter } from '../../../status-page/format.ts';

// How instants and lengths read in a message, in each language. A formal notice states the
// date, the time and its zone (§2.2): the zone's name, and the UTC offset so no reader has
// to know whether daylight saving time applies.

const LOCALE: Record<Language, string> = { fr: 'fr-CA', en: 'en-CA' };

function at(ms: number, zone: string, language: Language): DateTime {
  return DateTime.fromMillis(ms, { zone }).setLocale(LOCALE[language]);
}

/** `lundi 16 novembre 2026 à 22 h (heure normale de l’Est, UTC-05:00)` / `Monday 16 November 2026, 22:00 (Eastern Standard Time, UTC-05:00)`. */
export function formatWhen(ms: number, zone: string, language: Language): string {
  const t = at(ms, zone, language);
  const offset = `UTC${t.toFormat('ZZ')}`;
  return language === 'fr'
    ? `${t.toFormat(t.minute === 0 ? "cccc d LLLL yyyy 'à' H 'h'" : "cccc d LLLL yyyy 'à' H 'h' mm")} (${t.offsetNameLong}, ${offset})`
    : `${t.toFormat('cccc d LLLL yyyy, HH:mm')} (${t.offsetNameLong}, ${offset})`;
}

/**
 * An instant in a line a client reads (a notice's subject), written as the pages write it:
 * `20 nov. 2026, 22 h HNE` / `Nov 20, 2026, 10:00 p.m. EST`, the date and the time unbreakable.
 */
export function formatForClients(ms: number, zone: string, language: Language): string {
  return createFormatter(language, LOCALE[language], zone).dateTime(ms);
}

/** Short form for the team's subjects and chat lines: `2026-11-16 22:00 HNE` / `2026-11-16 22:00 EST`. */
export function formatShort(ms: number, zone: string, language: Language): string {
  const t = at(ms, zone, language);
  return `${t.toFormat('yyyy-LL-dd HH:mm')} ${t.offsetNameShort ?? t.toFormat('ZZ')}`;
}

/** A length of time: `2 h 30 min`, `45 min`, `3 j 4 h` / `3 d 4 h`; seconds only under a minute. */
export function formatLength(ms: number, language: Language): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [
    ...(days ? [`${days} ${language === 'fr' ? 'j' : 'd'}`] : []),
    ...(hours ? [`${hours} h`] : []),
    ...(rest ? [`${rest} min`] : []),
  ];
  return parts.join(' ');
}

/** A percentage with at most one decimal, in the language's style: `80,5 %` / `80.5%`. */
export function formatPercent(value: number, language: Language): string {
  const rounded = Math.round(value * 10) / 10;
  return language === 'fr' ? `${String(rounded).replace('.', ',')} %` : `${rounded}%`;
}
