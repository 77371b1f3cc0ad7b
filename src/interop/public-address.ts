import type { Config } from '../config/types.ts';

// Where the public reaches veille, for the links and ids of the feed and the Statuspage
// documents: notifications.publicUrl, never the request's Host header (anyone can send any
// Host, and a cache or a reader would keep links to wherever it named).

export interface PublicAddress {
  /** An absolute link under publicUrl; a path from the site's root when it is not configured. */
  link(path: string): string;
  /** A stable absolute IRI for an Atom id: under publicUrl, or a tag URI (RFC 4151) without it. */
  id(path: string): string;
}

export function publicAddress(config: Pick<Config, 'notifications'>): PublicAddress {
  const base = config.notifications.publicUrl;
  return {
    link: (path) => (base === null ? path : `${base}${path}`),
    id: (path) => (base === null ? `tag:veille,2026:${path}` : `${base}${path}`),
  };
}
