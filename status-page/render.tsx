/** @jsxImportSource hono/jsx */
// Rendering entry points: each page as a complete HTML document string.
import type { Child } from 'hono/jsx';
import type { Formatter } from './format.ts';
import type { PublicSnapshot } from '../src/web/public-view/types.ts';
import { StatusPage } from './pages/status-page.tsx';

export function toDocument(node: Child): string {
  return `<!DOCTYPE html>${String(node)}`;
}

export function renderStatusPage(f: Formatter, snapshot: PublicSnapshot, cssHref: string): string {
  return toDocument(<StatusPage f={f} snapshot={snapshot} cssHref={cssHref} />);
}
