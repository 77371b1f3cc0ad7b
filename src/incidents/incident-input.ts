import { z } from 'zod';
import { PRIORITIES } from '../config/types.ts';
import { optionalText, requiredText } from '../server/text-fields.ts';
import { instantSchema } from '../time/iso.ts';

// Inputs of the support desk (rule 8), shared by the API and the CLI.

/** §3.2: what a ticket is about. */
export const INCIDENT_KINDS = ['incident', 'question', 'help', 'data_change', 'batch_change'] as const;
/** §3.1: how it came in; `monitor` for those veille opened itself. */
export const INCIDENT_CHANNELS = ['email', 'phone', 'chat', 'web', 'monitor'] as const;

export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export type IncidentChannel = (typeof INCIDENT_CHANNELS)[number];

const prioritySchema = z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(', ')}` });

export const createIncidentSchema = z.strictObject({
  title: requiredText,
  priority: prioritySchema,
  environments: z
    .array(z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'))
    .max(1000, 'at most 1000 environments')
    .meta({ description: 'Ids of the environments affected; the first one’s calendar runs the clocks.' })
    .optional(),
  /** The opening time in another ticketing system, for an imported ticket; needs externalRef. */
  openedAt: instantSchema.meta({ description: 'The opening time in another ticketing system (in the past; needs externalRef).' }).optional(),
  externalRef: requiredText.meta({ description: 'The ticket’s reference in that system.' }).optional(),
  kind: z.enum(INCIDENT_KINDS, { error: `must be one of ${INCIDENT_KINDS.join(', ')}` }).optional(),
  channel: z.enum(INCIDENT_CHANNELS, { error: `must be one of ${INCIDENT_CHANNELS.join(', ')}` }).optional(),
  /** Shown on the public status page. */
  public: z.boolean().meta({ description: 'Shown on the public status page.' }).optional(),
});

/** Respond or resolve; `at` defaults to now. A resolution message is published with a public incident. */
export const clockStopSchema = z.strictObject({
  at: instantSchema.meta({ description: 'When it happened; now by default.' }).optional(),
  message: optionalText.meta({ description: 'Published with a public incident.' }),
});

export const priorityChangeSchema = z.strictObject({ priority: prioritySchema, reason: requiredText });

/** A status-page update; `monitoring` says a fix is in place and being watched. */
export const incidentUpdateSchema = z.strictObject({
  message: requiredText,
  monitoring: z.boolean().meta({ description: 'A fix is in place and being watched.' }).optional(),
});

export type CreateIncidentInput = z.output<typeof createIncidentSchema>;
export type ClockStopInput = z.output<typeof clockStopSchema>;
export type PriorityChangeInput = z.output<typeof priorityChangeSchema>;
export type IncidentUpdateInput = z.output<typeof incidentUpdateSchema>;
