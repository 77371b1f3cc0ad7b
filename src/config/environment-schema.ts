import { z } from 'zod';
import { DEFAULT_CONFIRM_AFTER, DEFAULT_STATUS } from './defaults.ts';
import { durationField, idField, instantField, scheduleField, statusField } from './fields.ts';
import { ENVIRONMENT_TYPES } from './types.ts';
import { locationsField, quorumField } from './locations-schema.ts';

const urlField = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a URL` });
    return z.NEVER;
  }
  if (url.protocol === 'tcp:') {
    if (!url.hostname || !url.port) {
      ctx.addIssue({ code: 'custom', message: 'a TCP check is written tcp://host:port' });
      return z.NEVER;
    }
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `only http://, https:// and tcp://host:port are probed (got ${url.protocol})` });
    return z.NEVER;
  }
  return text;
});

export const checkSchema = z.strictObject({
  id: idField,
  url: urlField,
  method: z.enum(['GET', 'HEAD']).default('GET'),
  role: z.enum(['availability', 'feature']).default('availability'),
  feature: idField.optional(),
  every: scheduleField.prefault('30s'),
  // A zero timeout fails every probe; beyond an hour (the longest interval) it is a typo.
  timeout: durationField.pipe(z.number().min(1, 'must be at least 1ms').max(3_600_000, 'must be at most 1h')).prefault('10s'),
  slowAfter: durationField.optional(),
  confirmAfter: z.int().min(1).max(100).default(DEFAULT_CONFIRM_AFTER),
  // How long before its certificate's notAfter an https check alerts the team; `off`: never.
  // Narrow the environment's locations, and how many of them must see the check down.
  locations: locationsField.optional(),
  quorum: quorumField.optional(),
  // A target that should always answer: failing from a location, it makes that location impaired (docs/locations.md).
  reference: z.boolean().default(false),
  certificateWarning: z.union([z.literal('off'), durationField.pipe(z.number().min(1, 'must be at least 1ms').max(365 * 86_400_000, 'must be at most 365d'))]).optional(),
  expect: z
    .strictObject({
      status: statusField.prefault(DEFAULT_STATUS),
      body: z.string().min(1).max(10_000).optional(),
    })
    .prefault({}),
});

export const environmentSchema = z.strictObject({
  id: idField,
  name: z.string().min(1).max(200),
  type: z.enum(ENVIRONMENT_TYPES),
  public: z.boolean().default(false),
  clients: z.array(z.string().min(1).max(200)).default([]),
  slaStart: instantField.optional(),
  calendar: z.string().default('default'),
  locations: locationsField.optional(),
  quorum: quorumField.optional(),
  checks: z.array(checkSchema).min(1, 'an environment needs at least one check'),
});

export type CheckYaml = z.output<typeof checkSchema>;
export type EnvironmentYaml = z.output<typeof environmentSchema>;
