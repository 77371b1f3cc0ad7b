import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from '../../src/config/config-schema.ts';

// docs/configuration.md promises every key of the configuration file. The keys are read from the
// schema the file is validated with, so a key added there and not documented fails here.

type JsonSchema = { properties?: Record<string, JsonSchema>; additionalProperties?: JsonSchema | boolean; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every key path, written as the reference writes them: `[]` for a list item, `<name>` for a key one chooses. */
function keyPaths(schema: JsonSchema, prefix: string): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path, ...keyPaths(child, path));
  }
  if (typeof schema.additionalProperties === 'object') paths.push(...keyPaths(schema.additionalProperties, `${prefix}.<name>`));
  if (schema.items) paths.push(...keyPaths(schema.items, `${prefix}[]`));
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) paths.push(...keyPaths(branch, prefix));
  return [...new Set(paths)];
}

describe('docs/configuration.md', () => {
  const reference = readFileSync('docs/configuration.md', 'utf8');
  const documented = new Set([...reference.matchAll(/`([a-zA-Z][\w.[\]<>-]*)`/g)].map((match) => match[1]!.replace(/<[\w ]+>/g, '<name>')));
  const paths = keyPaths(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, '');

  it('reads the keys from the schema (the walk finds nested, listed and named keys)', () => {
    expect(paths).toEqual(expect.arrayContaining(['target', 'calendar.timeZone', 'environments[].checks[].expect.status', 'notifications.channels.<name>.secret']));
  });

  it('names every key of the configuration with its full path', () => {
    // One weekday stands for the seven and priority I for the four: the reference lists
    // `calendar.hours.mon` (and the others), `incidents.clocks.I` (and II, III, IV).
    const expected = paths.filter((path) => !/\.hours\.(tue|wed|thu|fri|sat|sun)$/.test(path) && !/^incidents\.clocks\.(II|III|IV)\b/.test(path));
    expect(expected.filter((path) => !documented.has(path) && !documented.has(path.replace(/^calendars\.<name>\./, 'calendar.')))).toEqual([]);
  });
});
