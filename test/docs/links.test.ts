import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The documentation travels with a clone: every link it makes must lead to a file of the
// repository, never outside it (a sibling folder, a web page).

const root = resolve('.');
const pages = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

/** Markdown link targets of a page, outside code spans and blocks. */
function linkTargets(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

/** Why a link of `page` leads out of the repository or nowhere, or null when it is sound. */
function problem(page: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return 'leads out of the repository';
  const path = target.split('#')[0]!;
  if (path === '') return null;
  const file = resolve(dirname(page), path);
  if (relative(root, file).startsWith('..')) return 'leads out of the repository';
  return existsSync(file) ? null : 'leads to no file';
}

describe('links of the documentation', () => {
  it('finds the pages and their links', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', join('docs', 'rules.md')]));
    expect(linkTargets('see [a](docs/a.md) and `[b](c)`')).toEqual(['docs/a.md']);
    expect(problem('README.md', '../shared/policy/CONTRACT.md')).toBe('leads out of the repository');
    expect(problem('README.md', 'https://example.com/')).toBe('leads out of the repository');
    expect(problem('docs/api.md', 'rules.md#rule-9')).toBeNull();
  });

  it('lead only to files of the repository', () => {
    const broken = pages.flatMap((page) =>
      linkTargets(readFileSync(page, 'utf8')).flatMap((target) => {
        const why = problem(page, target);
        return why ? [`${page}: ${target} ${why}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});
