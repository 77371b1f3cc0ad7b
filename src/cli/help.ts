import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What `veille --help`, `veille <command> --help` and `veille --version` print.

export const HELP_FOOTER = [
  'Every command and subcommand takes --help (or -h).',
  'Times are printed in the default calendar’s zone with their offset (2026-11-18T22:00:00-05:00), as the pages show them; --utc prints them in UTC. --json output keeps the API’s UTC form.',
  'Times given to veille must carry an offset (Z or ±HH:MM).',
];

/**
 * The usage lines of `command` ("maintenance", "maintenance add") among all of them; for a
 * command with no written line, one made from its options.
 */
export function usageOf(command: string, lines: readonly string[], optionNames: readonly string[] = []): string[] {
  const found = lines.filter((line) => line === `veille ${command}` || line.startsWith(`veille ${command} `));
  if (found.length > 0) return found;
  return [`veille ${command}${optionNames.map((name) => ` [--${name}]`).join('')}`];
}

/** veille's version, from the package.json above this file wherever the code runs from (sources or a build). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'veille' && manifest.version) return manifest.version;
    } catch {
      // No package.json here: look further up.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
