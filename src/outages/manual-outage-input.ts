import { z } from 'zod';
import { requiredText } from '../server/text-fields.ts';
import { instantSchema } from '../time/iso.ts';

// An outage the prober could not see, recorded by an SRE (rule 4, last paragraph).

export const manualOutageSchema = z.strictObject({
  check: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters').meta({ description: 'The id of the check that was down.' }),
  start: instantSchema,
  /** Omitted: the outage is still going on; close it later. */
  end: instantSchema.meta({ description: 'Left out: the outage is still going on.' }).optional(),
  reason: requiredText,
});

export const closeOutageSchema = z.strictObject({
  /** Defaults to now. */
  end: instantSchema.meta({ description: 'Now by default.' }).optional(),
  reason: requiredText.optional(),
});

export type ManualOutageInput = z.output<typeof manualOutageSchema>;
export type CloseOutageInput = z.output<typeof closeOutageSchema>;
