import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createDataVersionReader } from '../cache/data-version.ts';
import { createSnapshotCache, inline, type SnapshotBuild, type SnapshotCache } from '../cache/snapshot-cache.ts';
import { publicAddress } from '../interop/public-address.ts';
import { WorkerStoppedError } from '../reports/report-computer.ts';
import type { AppDeps } from '../server/deps.ts';
import { createFormatter, type Formatter } from '../../status-page/format.ts';
import { LANGUAGE_COOKIE, chooseReader, isLanguage, type Reader } from './language.ts';
import type { DocumentContext } from './public-documents.ts';
import { createSnapshotBuilder } from './public-view/build-snapshot.ts';
import { publicProductionEnvironments } from './public-view/public-environments.ts';
import type { PublicSnapshot } from './public-view/types.ts';
import { loadStylesheet, type Stylesheet } from './static-assets.ts';

// What the page routes and the interop routes share, built once per app: one snapshot cache
// (so the page, summary.json, badges and the feed are all rendered from the same reading) and
// the stylesheet. With many public checks the daemon builds the snapshots, and renders the
// documents read from the last one, on its report worker's thread (reports/report-computer.ts),
// so that the prober's thread never spends a few hundred milliseconds on them; a small public
// view is built on this thread, in the background too, rather than start a thread (and its
// memory) for a few milliseconds of work; an in-memory database is always read on this thread.

/** Up to this many public checks, the public view is built on the daemon's thread (about 10 ms). */
export const INLINE_PUBLIC_CHECKS = 100;

/** Probe results may make the public view lag by this much (plus one build); registry writes show at once. */
export const OBSERVATION_REFRESH_MS = 5_000;

export interface Site {
  readonly deps: AppDeps;
  readonly snapshots: SnapshotCache<PublicSnapshot>;
  readonly stylesheet: Stylesheet;
  readonly documents: DocumentContext;
}

export function createSite(deps: AppDeps): Site {
  const stylesheet = loadStylesheet();
  const computer = deps.reportComputer?.publicSnapshot && publicChecks(deps.config) > INLINE_PUBLIC_CHECKS ? deps.reportComputer : null;
  const build: SnapshotBuild<PublicSnapshot> = computer
    ? (now, wanted) => computer.publicSnapshot!({ now, wanted })
    : inline(createSnapshotBuilder({ store: deps.database.store, config: deps.config, calendars: deps.calendars }));
  const snapshots = createSnapshotCache(build, {
    clock: deps.clock,
    version: createDataVersionReader(deps.database),
    refreshMs: OBSERVATION_REFRESH_MS,
    onBackgroundError: (error) => {
      if (!(error instanceof WorkerStoppedError)) console.error(`public view: a snapshot build failed, the previous one stays in use: ${(error as Error).message}`);
    },
  });
  return { deps, snapshots, stylesheet, documents: { stylesheetHref: stylesheet.href, address: publicAddress(deps.config) } };
}

/** The reader's language and locale; an explicit ?lang= is remembered in a cookie for a year. */
export function readerOf(c: Context): Reader {
  const query = c.req.query('lang');
  const reader = chooseReader({ query, cookie: getCookie(c, LANGUAGE_COOKIE), acceptLanguage: c.req.header('accept-language') });
  if (isLanguage(query)) {
    setCookie(c, LANGUAGE_COOKIE, query, { path: '/', maxAge: 365 * 86_400, sameSite: 'Lax', httpOnly: true });
  }
  c.header('Vary', 'Accept-Language, Cookie');
  return reader;
}

export function formatterFor(reader: Reader, timeZone: string): Formatter {
  return createFormatter(reader.language, reader.locale, timeZone);
}

const publicChecks = (config: AppDeps['config']) => publicProductionEnvironments(config).reduce((sum, environment) => sum + environment.checks.length, 0);

