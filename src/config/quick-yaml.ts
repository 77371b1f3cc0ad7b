import { CORE_SCHEMA, load, realMapTag } from 'js-yaml';

/**
 * A tag (`!`) or a directive (`%` at the start of a line, such as `%YAML 1.1`) can change how
 * a file's values read; a file with either takes the full reading.
 */
const CHANGES_HOW_IT_READS = /!|^%/m;

/** Maps read as Maps, so that each key keeps its type until it is named as the full reading names it. */
const SCHEMA = CORE_SCHEMA.withTags(realMapTag);

/** The quick reading does not apply: the full reading takes the text. */
class Declined extends Error {}

/**
 * The configuration text as plain values, read by js-yaml with YAML 1.2's core schema (that of
 * the full reading), or undefined when this quick reading does not apply: an alias, a tag, a
 * directive, a key given twice, a key that is a collection, anything js-yaml refuses. The full
 * reading (yaml's Document, in parse-config.ts) stays the reference: it is what locates every
 * problem at its line, and it reads whatever this declines. Reading 50,000 checks, the Document
 * takes about 15 times the time and holds some 350 MB at its peak; this holds a few tens.
 */
export function quickYaml(text: string): unknown {
  if (CHANGES_HOW_IT_READS.test(text)) return undefined;
  try {
    // maxAliases 0: an alias is refused here, so that the full reading counts its expansions.
    return plain(load(text, { schema: SCHEMA, maxAliases: 0 })) ?? {};
  } catch {
    return undefined;
  }
}

/** Maps become objects with keys named as yaml's toJS names them: null is '', a number or boolean its text. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (!(value instanceof Map)) return value;
  const object: Record<string, unknown> = {};
  for (const [key, item] of value) {
    if (key !== null && typeof key === 'object') throw new Declined();
    const name = key === null ? '' : String(key);
    // `1` and `"1"` are one key to the full reading, which refuses it given twice.
    if (Object.hasOwn(object, name)) throw new Declined();
    Object.defineProperty(object, name, { value: plain(item), enumerable: true, writable: true, configurable: true });
  }
  return object;
}
