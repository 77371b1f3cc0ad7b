import { isIP } from 'node:net';
import { z } from 'zod';
import { isPostgresUrl } from '../store/database-url.ts';
import { idField } from './fields.ts';

// The keys of several observers (docs/locations.md): where the data lives, which locations
// probe, and how many of them must agree before a check is down.

/** Location names are ids: they appear in commands (`veille probe --location NAME`) and logs. */
export const locationsField = z.array(idField).min(1, 'list at least one location');

/** How many of the locations probing a check must see it down: a whole number from 1 up. */
export const quorumField = z.int('must be a whole number of locations').min(1, 'must be at least 1');

/**
 * `database`: a SQLite file path, or a PostgreSQL URL. A URL is never taken for a file name:
 * `mysql://host/db` or `sqlite://x` would otherwise become a file under a directory named
 * `mysql:`, which is what a typo of the scheme did to `--db postgres://…` once.
 */
export const databaseField = z
  .string()
  .trim()
  .min(1, 'give a SQLite file path or a postgres:// URL')
  .refine((text) => isPostgresUrl(text) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(text), {
    message: 'only postgres:// and postgresql:// URLs name a database; a file path names a SQLite file',
  });

/** An IP address written out: a name would be resolved by each prober, to whatever it resolves to there and then. */
export const ipAddressField = z.string().trim().refine((text) => isIP(text) !== 0, 'must be an IP address (127.0.0.2, 2001:db8::5), not a name');

/**
 * `probe.sourceAddress`: the local address a prober's probes leave from. One address for every
 * prober that reads the file, or one per location by its name, so that one configuration shared
 * by every place says where each leaves from (the names are checked against `locations`).
 */
export const sourceAddressField = z.union([ipAddressField, z.record(idField, ipAddressField)]);
