import { isScalar, visit, type Document } from 'yaml';

/**
 * Keys given twice in one map, in one pass over the document (a Set per map): a key written
 * twice would otherwise silently win over the first.
 */
export function duplicateKeys(doc: Document): Array<{ key: string; offset: number }> {
  const found: Array<{ key: string; offset: number }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) found.push({ key, offset: (pair.key as { range?: [number] } | null)?.range?.[0] ?? 0 });
        seen.add(key);
      }
    },
  });
  return found;
}
