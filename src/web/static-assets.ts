import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The stylesheet is served under a name holding its content hash, so browsers may keep it for
// a year and a new version is fetched at once.

const STYLESHEET = fileURLToPath(new URL('../../status-page/styles/status.css', import.meta.url));

export interface Stylesheet {
  readonly href: string;
  readonly body: string;
}

export function loadStylesheet(): Stylesheet {
  const body = readFileSync(STYLESHEET, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { href: `/assets/status.${hash}.css`, body };
}
