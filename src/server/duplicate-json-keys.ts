import { formatPath } from '../config/config-error.ts';

/**
 * The path of the first key given twice in one object of a JSON text (`JSON.parse` keeps the
 * last silently, so `{"end": "…", "end": "…"}` would record something other than what a reader
 * of the body sees), or null. `text` must already be valid JSON: this only walks it.
 */
export function duplicateJsonKey(text: string): string | null {
  let i = 0;
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: Array<string | number>): string | null => {
    space();
    const c = text[i];
    if (c === '"') {
      string();
      return null;
    }
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      space();
      if (text[i] === '}') {
        i++;
        return null;
      }
      for (;;) {
        space();
        const key = string();
        if (keys.has(key)) return formatPath([...path, key]);
        keys.add(key);
        space();
        i++; // ':'
        const found = value([...path, key]);
        if (found) return found;
        space();
        if (text[i++] === '}') return null;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return null;
      }
      for (let index = 0; ; index++) {
        const found = value([...path, index]);
        if (found) return found;
        space();
        if (text[i++] === ']') return null;
      }
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
    return null;
  };
  return value([]);
}
