import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds a lease: `host:pid:random`. Host and pid say where to look in a log; the random part
 * tells apart two holders in one process, and a process from an earlier one that had the same pid.
 */
export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
