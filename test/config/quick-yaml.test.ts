import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { quickYaml } from '../../src/config/quick-yaml.ts';
import { duplicateKeys } from '../../src/config/duplicate-keys.ts';

// The quick reading of a configuration (js-yaml) must either decline a text or read exactly what
// the full reading (yaml's Document, the reference) reads from it, with no error there.

function fullReading(text: string): { ok: boolean; value: unknown } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0 || duplicateKeys(doc).length > 0) return { ok: false, value: undefined };
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) ?? {} };
}

const yamlBlocks = (file: string) => [...readFileSync(file, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

const TEXTS: Record<string, string> = {
  'the sample configuration': readFileSync('monitor.config.yaml', 'utf8'),
  ...Object.fromEntries(yamlBlocks('docs/locations.md').map((text, i) => [`docs/locations.md, block ${i + 1}`, text])),
  'numbers in every form': 'a: [0, -0, +12, 012, 0o17, 0x1F, 0b101, 1_000, 1e3, 1.5e-3, .5, 5., .inf, -.inf, .NaN, 1:20, 9007199254740993]\n',
  'booleans and nulls': 'a: [true, True, TRUE, tRue, yes, no, on, off, y, n, ~, null, Null, NULL, nUll, ""]\nb:\nc: ~\n',
  'dates and times stay text': 'a: 2026-01-01\nb: 2026-01-01T00:00:00+01:00\nc: 2026-01-01 10:00\nd: 12:30\n',
  'quoted strings and escapes': 'a: "x\\ty\\u00e9\\x41\\"q\\\\"\nb: \'it\'\'s\'\nc: "multi\n  line"\nd: \'  lead\'\n',
  'block scalars': 'a: |\n  one\n  two\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  strip\nd: |+\n  keep\n\ne: >2\n   indented\n',
  'flow collections': 'a: { x: 1, y: [2, 3], "z": { w: null } }\nb: [ {p: 1}, [q] ]\nc: {}\nd: []\n',
  'keys of other kinds': '1: one\n"2": two\ntrue: t\nnull: n\n1.5: f\n',
  'a key that is a collection': '? [a, b]\n: 1\n{x: 1}: 2\n',
  'the key __proto__': '__proto__: { a: 1 }\nb: 2\n',
  'a merge key is a plain key in YAML 1.2': 'a: { <<: { b: 1 }, c: 2 }\n',
  'comments and blank lines': '# head\na: 1 # trailing\n\n# between\nb:   # empty\n  - x  # item\n',
  'Windows line endings': 'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\n',
  'a byte order mark': '\ufeffa: 1\n',
  'unicode and long text': `a: "Montréal — été 🌡"\nb: ${'x'.repeat(5000)}\n`,
  'a URL with a query and a fragment': 'url: https://example.test/a?b=1&c=2#d\nbody: "a * b"\ncron: "*/5 * * * *"\n',
  'plain text with colons and hashes': 'a: x:y\nb: x #y\nc: x#y\nd: -x\ne: "- y"\n',
  'nested sequences': 'a:\n- - 1\n  - 2\n- - 3\nb:\n  - c: 1\n    d: 2\n  - e: 3\n',
  'a document marker': '---\na: 1\n...\n',
  'a value that is only a comment': 'a: # nothing\n',
  'a tab inside a value': 'a: x\ty\n',
  'an empty document': '',
  'only a comment': '# nothing\n',
  'a scalar document': 'just text\n',
  'an alias': 'a: &x 1\nb: *x\n',
  'a tag': 'a: !!str 12\n',
  'a local tag': 'a: !thing x\n',
  'a directive': '%YAML 1.1\n---\na: yes\n',
  'a key given twice': 'a: 1\na: 2\n',
  'a key given twice as text and number': '1: a\n"1": b\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'bad indentation': 'a:\n  b: 1\n c: 2\n',
  'an unclosed flow map': 'a: { b: 1\n',
  'a tab for indentation': 'a:\n\tb: 1\n',
  'a comment glued to a value': 'a: "x"# y\n',
  'an implicit key over two lines': '"a\n b": 1\n',
};

describe('the quick reading of a configuration', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`${name}: declined, or read as the full reading reads it`, () => {
      const quick = quickYaml(text);
      if (quick === undefined) return;
      const full = fullReading(text);
      expect(full.ok).toBe(true);
      expect(quick).toEqual(full.value);
    });
  }

  it('declines what the full reading must see itself: aliases, tags, directives, keys given twice', () => {
    for (const name of ['an alias', 'a tag', 'a local tag', 'a directive', 'a key given twice', 'two documents', 'an unclosed flow map']) {
      expect(quickYaml(TEXTS[name]!), name).toBeUndefined();
    }
  });

  it('reads the sample configuration quickly', () => {
    expect(quickYaml(TEXTS['the sample configuration']!)).toEqual(fullReading(TEXTS['the sample configuration']!).value);
    expect(quickYaml(TEXTS['the sample configuration']!)).toBeDefined();
  });
});
