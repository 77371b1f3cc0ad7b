import { messagesFor, type Language, type Messages } from './i18n/messages.ts';

// Dates and numbers in the reader's locale (Intl), times in the calendar's zone with the
// zone's abbreviation printed beside them, so a reader elsewhere is never misled. French times
// are written as in Québec ("8 h", "8 h 30"), and the spaces inside a date and inside a time
// are non-breaking, so a time is never split across two lines.

const NBSP = '\u00a0';
const unbreakable = (text: string) => text.replace(/\s/g, NBSP);

export interface Formatter {
  readonly language: Language;
  readonly locale: string;
  readonly timeZone: string;
  /** The zone in the reader's words: "heure de l’Est", "Eastern Time" (never "America/Toronto"). */
  readonly timeZoneName: string;
  readonly t: Messages;
  dateTime(ms: number): string;
  /** A local date written 'YYYY-MM-DD', as the reader writes dates. */
  localDate(date: string): string;
  /** 'YYYY-MM-DD' without the year ("lun. 16 nov."). */
  shortDate(date: string): string;
  /** 'YYYY-MM' as "novembre 2026". */
  month(month: string): string;
  /** 'YYYY-MM' as a short month name without the year ("janv."). */
  shortMonth(month: string): string;
  year(month: string): string;
  number(value: number, decimals: number): string;
  /** ms as minutes with the given decimals. */
  minutes(ms: number, decimals?: number): string;
  /** A length of time as hours and minutes. */
  duration(ms: number): string;
  /** ISO 8601 with offset, for <time datetime>. */
  iso(ms: number): string;
}

export function createFormatter(language: Language, locale: string, timeZone: string): Formatter {
  const t = messagesFor(language);
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    hourCycle: language === 'fr' ? 'h23' : 'h12',
  });
  const zoneName =
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(0).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  /** "16 nov. 2026, 8 h 30 HNE" / "Nov 16, 2026, 8:30 a.m. EST": the date and the time each unbreakable. */
  const dateTime = (ms: number) => {
    const parts = dateTimeFormat.formatToParts(ms);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
    if (language === 'fr') {
      const hour = Number(part('hour'));
      const time = part('minute') === '00' ? `${hour} h` : `${hour} h ${part('minute')}`;
      return `${unbreakable(`${part('day')} ${part('month')} ${part('year')}`)}, ${unbreakable(`${time} ${part('timeZoneName')}`)}`;
    }
    const text = dateTimeFormat.format(ms);
    const cut = text.lastIndexOf(', ');
    return cut < 0 ? unbreakable(text) : `${unbreakable(text.slice(0, cut))}, ${unbreakable(text.slice(cut + 2))}`;
  };
  const dateFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' });
  const shortDateFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' });
  const monthFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' });
  const shortMonthFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short' });
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const number = (value: number, decimals: number) => {
    let format = numberFormats.get(decimals);
    if (!format) {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
      numberFormats.set(decimals, format);
    }
    return format.format(value);
  };
  // The same dates recur across environments' bars: format each once per formatter.
  const memo = (format: Intl.DateTimeFormat) => {
    const seen = new Map<string, string>();
    return (date: string) => {
      let text = seen.get(date);
      if (text === undefined) {
        text = format.format(utcOfDate(date));
        seen.set(date, text);
      }
      return text;
    };
  };
  const utcOfDate = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10) || '1'));
  return {
    language,
    locale,
    timeZone,
    timeZoneName: zoneName,
    t,
    dateTime,
    localDate: memo(dateFormat),
    shortDate: memo(shortDateFormat),
    month: (month) => monthFormat.format(utcOfDate(month)),
    shortMonth: (month) => shortMonthFormat.format(utcOfDate(month)),
    year: (month) => month.slice(0, 4),
    number,
    minutes: (ms, decimals = 0) => number(ms / 60_000, decimals),
    duration: (ms) => {
      const totalMinutes = Math.round(ms / 60_000);
      return t.duration(Math.floor(totalMinutes / 60), totalMinutes % 60);
    },
    iso: (ms) => new Date(ms).toISOString(),
  };
}
