import { userInfo } from 'node:os';
import type { z } from 'zod';
import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { createNotificationEvents } from '../notify/events.ts';
import { ApiError, fromZodError } from '../server/api-error.ts';
import { CliError } from './cli-error.ts';

// What the commands that write the registries (maintenance, incident) share: the API's schemas
// fed from flags, who is at the keyboard, and refusals as one line naming the flag (the database
// they open, on either store, is registry-store.ts).

/** Flags left out are absent, not undefined values, so that schemas see what the API would. */
export function parseFlags<S extends z.ZodType>(schema: S, value: unknown, field?: string): z.output<S> {
  const cleaned = value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) : value;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) throw fromZodError(parsed.error, field);
  return parsed.data;
}

/** Who is at the keyboard, for the audit log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/** A record id given with --id. */
export function recordId(command: string, text: string | undefined, what: string): number {
  if (text === undefined) throw new CliError(`veille ${command}: --id: required (the ${what} id)`);
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new CliError(`veille ${command}: --id: "${text}" is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} id`);
  return Number(text);
}

/** The same notification sink as the daemon's: it only writes outbox rows, which the running daemon sends. */
export function noticesFor(config: Config) {
  return createNotificationEvents({ config, calendars: buildCalendars(config) });
}

/** One line naming each flag at fault, as the command line spells it (`flags`: API field → flag). */
export function cliErrorFrom(command: string, error: ApiError, flags: Readonly<Record<string, string>>): CliError {
  if (error.fields.length === 0) return new CliError(`veille ${command}: ${error.message}`);
  const parts = error.fields.map((problem) => {
    const [head, ...tail] = problem.field.split(/(?=[.[])/);
    const flag = flags[head!] ?? problem.field;
    return `${flag}${tail.length && head === 'environments' ? ` (${tail.join('')})` : ''}: ${problem.message}`;
  });
  return new CliError(`veille ${command}: ${parts.join('; ')}`);
}

/** Turns the services' refusals into one-line CLI errors, thrown or (from an asynchronous command) rejected. */
export function refusalsAsFlags<T>(command: string, flags: Readonly<Record<string, string>>, run: () => T): T {
  const translated = (error: unknown) => (error instanceof ApiError ? cliErrorFrom(command, error, flags) : error);
  try {
    const result = run();
    if (result instanceof Promise) {
      return result.catch((error: unknown) => {
        throw translated(error);
      }) as T;
    }
    return result;
  } catch (error) {
    throw translated(error);
  }
}
