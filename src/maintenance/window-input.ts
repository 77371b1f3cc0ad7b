import { z } from 'zod';
import { parseDuration } from '../time/duration.ts';
import { instantSchema } from '../time/iso.ts';
import { requiredText } from '../server/text-fields.ts';

// The inputs of the maintenance registry (rule 5), shared by the API and the CLI so that both
// refuse exactly the same things. Checks that need the configuration or the clock (known
// environments, a notice in the past) are made by the service.

/** A window's length: integer milliseconds (the API's unit) or a written duration such as `2h`. */
const DURATION = { description: 'The length of the window: whole milliseconds, or a written duration such as 90m or 2h.', examples: ['2h', 7_200_000] };
export const windowDurationSchema = z.union([z.number(), z.string()]).meta(DURATION).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (typeof ms === 'number') {
    if (Number.isInteger(ms) && ms > 0) return ms;
    ctx.addIssue({ code: 'custom', message: 'must be a positive whole number of milliseconds' });
    return z.NEVER;
  }
  if (!ms.ok) {
    ctx.addIssue({ code: 'custom', message: ms.message });
    return z.NEVER;
  }
  if (ms.ms <= 0) {
    ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
    return z.NEVER;
  }
  return ms.ms;
});

const environmentIdSchema = z.string().min(1, 'must not be empty').max(200, 'at most 200 characters');

/** The times of a window and the notice that announced them: a new window, or a new version of one. */
const timesShape = {
  start: instantSchema,
  end: instantSchema.optional(),
  duration: windowDurationSchema.optional(),
  noticeSentAt: instantSchema.optional(),
  noticeRef: requiredText.meta({ description: 'A reference to a notice sent by other means (required with noticeSentAt).' }).optional(),
  /** veille e-mails the notice itself; it is the notice once the mail server has accepted it. */
  notify: z.boolean().meta({ description: 'E-mail the formal notice to the contacts of the affected environments’ clients.' }).optional(),
};

export const createWindowSchema = z.strictObject({
  environments: z.array(environmentIdSchema).min(1, 'name at least one environment').max(1000, 'at most 1000 environments').meta({ description: 'Ids of the environments the window affects.' }),
  impact: requiredText.meta({ description: 'What the clients will notice, as the notice says it.' }),
  ...timesShape,
});

export const rescheduleWindowSchema = z.strictObject({
  reason: requiredText.meta({ description: 'Why the window changes; kept with the new version.' }),
  ...timesShape,
});

export const cancelWindowSchema = z.strictObject({
  reason: requiredText,
  notify: z.boolean().meta({ description: 'E-mail the cancellation to the clients; by default when veille e-mailed the notice.' }).optional(),
});

export type CreateWindowInput = z.output<typeof createWindowSchema>;
export type RescheduleWindowInput = z.output<typeof rescheduleWindowSchema>;
export type CancelWindowInput = z.output<typeof cancelWindowSchema>;
