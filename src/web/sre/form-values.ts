import { DateTime } from 'luxon';

// Browser forms send text; the registry's schemas take the API's JSON. These turn one into the
// other without deciding anything the API would decide differently: empty optional fields are
// left out, and a `datetime-local` value (no offset) is read in the zone the form states next
// to the field, then written with its offset. A value that already carries an offset is kept.

export type FormValues = Record<string, string | string[]>;

/** `parseBody({ all: true })` output, keeping text fields only. */
export function textValues(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((item): item is string => typeof item === 'string');
  }
  return values;
}

export function text(values: FormValues, key: string): string | undefined {
  const value = values[key];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single.trim() === '' ? undefined : single;
}

export function list(values: FormValues, key: string): string[] {
  const value = values[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A form time as ISO 8601 with an offset; text that is not a local time goes through as typed, for the schema to refuse. */
export function localTime(values: FormValues, key: string, timeZone: string): string | undefined {
  const value = text(values, key)?.trim();
  if (value === undefined || !LOCAL.test(value)) return value;
  const parsed = DateTime.fromISO(value, { zone: timeZone });
  return parsed.isValid ? parsed.toISO({ suppressMilliseconds: true })! : value;
}
