import { z } from 'zod';
import { requiredText } from '../server/text-fields.ts';
import { instantSchema } from '../time/iso.ts';

/** The four reasons of rule 6 (§2.2, bullets 3–6); anything else is not an exclusion. */
export const EXCLUSION_REASONS = ['client_equipment', 'client_internet', 'prohibited_use', 'force_majeure'] as const;

export const createExclusionSchema = z.strictObject({
  reason: z.enum(EXCLUSION_REASONS, { error: `must be one of ${EXCLUSION_REASONS.join(', ')}` }),
  justification: requiredText.meta({ description: 'Why the reason applies, for the audit.' }),
  /** A sub-interval of the outage; by default the whole outage. */
  start: instantSchema.meta({ description: 'Start of the excluded part; the outage’s start by default.' }).optional(),
  end: instantSchema.meta({ description: 'End of the excluded part; the outage’s end by default.' }).optional(),
});

export const revokeExclusionSchema = z.strictObject({ reason: requiredText });

export type CreateExclusionInput = z.output<typeof createExclusionSchema>;
export type RevokeExclusionInput = z.output<typeof revokeExclusionSchema>;
