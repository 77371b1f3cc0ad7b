import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The Nu Html Checker (the W3C's validator), run from the vnu-jar package with the machine's
// Java: what veille's pages are checked with, by a tool nobody here wrote.

const VNU = resolve(import.meta.dirname, '../../node_modules/vnu-jar/build/dist/vnu.jar');
export const HAVE_JAVA = spawnSync('java', ['-version']).status === 0;

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  message: string;
  extract?: string;
}

/** Every error and warning the checker finds in the pages (name → HTML), as 'name: message extract'. */
export function nuProblems(pages: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'veille-vnu-'));
  try {
    const files = Object.entries(pages).map(([name, html]) => {
      const file = join(dir, `${name}.html`);
      writeFileSync(file, html);
      return file;
    });
    const run = spawnSync('java', ['-jar', VNU, '--format', 'json', '--also-check-css', ...files], { encoding: 'utf8', timeout: 120_000 });
    const output = run.stderr || run.stdout;
    if (!output.trimStart().startsWith('{')) throw new Error(`the Nu Html Checker did not run (npm install puts it in node_modules/vnu-jar): ${output.slice(0, 300)}`);
    const report = JSON.parse(output) as { messages: VnuMessage[] };
    return report.messages
      .filter((message) => message.type === 'error' || (message.type === 'info' && message.subType === 'warning'))
      .map((message) => `${message.url.split('/').pop()}: ${message.message} ${message.extract ?? ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
