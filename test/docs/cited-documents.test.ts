import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Comments cite the documentation (`docs/rules.md, rule 5`); a clone must hold every document
// they cite, inside it, so that a reader can follow the citation. (A DESIGN.md was once cited and never written.)

const FOLDERS = ['src', 'status-page', 'bench', 'bin', 'test'];
// These specifications write document names as data, not as citations.
const DATA = new Set([join('test', 'docs')]);

function files(folder: string): string[] {
  if (DATA.has(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|js|css)$/.test(name) ? [path] : [];
  });
}

/** Markdown documents a text names: `docs/api.md`, `README.md`. */
function citedDocuments(text: string): string[] {
  return [...text.matchAll(/(?<![\w/.-])((?:\.\.?\/)*(?:[\w-]+\/)*[\w-]+\.md)\b/g)].map((match) => match[1]!);
}

describe('documents cited by the code', () => {
  it('are found in comments', () => {
    expect(citedDocuments('// (docs/rules.md, rule 5), DESIGN.md and ../shared/x.md')).toEqual(['docs/rules.md', 'DESIGN.md', '../shared/x.md']);
  });

  it('are all in the repository', () => {
    const missing = FOLDERS.filter((folder) => existsSync(folder))
      .flatMap(files)
      .flatMap((file) => citedDocuments(readFileSync(file, 'utf8')).filter((document) => document.startsWith('..') || !existsSync(document)).map((document) => `${file}: ${document}`));
    expect(missing).toEqual([]);
  });
});
