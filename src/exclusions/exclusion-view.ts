import { toIso, toIsoOrNull } from '../time/iso.ts';
import type { Exclusion } from './exclusion-store.ts';

/**
 * An exclusion as the API shows it. `end` null means "until the outage ends"; `durationMs`
 * is the part it covers so far (up to the outage's end, or now while it is open).
 */
export function exclusionView(exclusion: Exclusion, outageEnd: number | null, now: number) {
  const effectiveEnd = exclusion.end ?? outageEnd ?? now;
  return {
    id: exclusion.id,
    outageId: exclusion.outageId,
    reason: exclusion.reason,
    justification: exclusion.justification,
    start: toIso(exclusion.start),
    end: toIsoOrNull(exclusion.end),
    durationMs: Math.max(0, effectiveEnd - exclusion.start),
    createdBy: exclusion.createdBy,
    createdAt: toIso(exclusion.createdAt),
    revoked: exclusion.revokedAt !== null,
    revokedAt: toIsoOrNull(exclusion.revokedAt),
    revokedBy: exclusion.revokedBy,
    revokeReason: exclusion.revokeReason,
  };
}
