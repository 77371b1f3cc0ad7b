import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import type { Role } from '../../auth/roles.ts';
import { idParam } from '../text-fields.ts';

// The pieces every operation of the API description is built from, so that the registry
// (api-operations.ts) reads as one line of intent per route: who may call it, what it takes,
// what it answers.

/** `{"error": {"code", "message", fields?}}`, the one shape of every refusal (src/server/api-error.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'A stable code: invalid_input, unauthorized, forbidden, not_found, conflict, …' }),
      message: z.string().meta({ description: 'What is wrong, for a person to read.' }),
      fields: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'With invalid_input: each refused field and why.' }),
    }),
  })
  .meta({ id: 'Error' });

const REFUSALS: Record<number, string> = {
  400: 'Bad input: every refused field is named.',
  401: 'No token where one is needed, or an unknown or revoked token.',
  403: "The token's role is too low.",
  404: 'No such record, or one this reader may not know of.',
  409: 'The request contradicts a rule of the registry.',
  413: 'The body is over 1 MiB.',
  422: 'The configuration file is invalid; nothing changed.',
  503: 'Not available now: the database refuses writes (retry after Retry-After seconds), or the feature is not set up here; the message says why.',
};

/** A JSON answer; without a schema the description says what it holds. */
export function answer(status: number, description: string, schema?: z.ZodType): ZodOpenApiResponsesObject {
  return { [String(status)]: { description, ...(schema ? { content: { 'application/json': { schema } } } : {}) } };
}

/** The `:id` of a path, parsed by the same schema as every handler's pathId. */
export const idPath = z.strictObject({ id: idParam });

export interface OperationSpec {
  /** `public` answers anyone (more with a token); a role needs a bearer token of that role or above. */
  readonly who: 'public' | Role;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** A JSON body validated by this schema: the same object the handler parses with. */
  readonly body?: z.ZodType;
  /** Other request bodies, by media type (a form post besides JSON). */
  readonly otherBodies?: Record<string, z.ZodType>;
  readonly answers: ZodOpenApiResponsesObject;
  /** Refusals besides those the rest implies (400 for input, 401/403 for a role, 404 for an id). */
  readonly refused?: ReadonlyArray<keyof typeof REFUSALS>;
}

/** One operation of the description, with the refusals its access and input imply. */
export function operation(spec: OperationSpec): ZodOpenApiOperationObject {
  const statuses = new Set<keyof typeof REFUSALS>(spec.refused ?? []);
  if (spec.path || spec.query || spec.body) statuses.add(400);
  if (spec.path) statuses.add(404);
  statuses.add(401);
  if (spec.who !== 'public') statuses.add(403);
  if (spec.body) statuses.add(413);
  const bodies = { ...(spec.body ? { 'application/json': spec.body } : {}), ...spec.otherBodies };
  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: spec.who === 'public' ? [{}, { bearerToken: [] }] : [{ bearerToken: [] }],
    'x-veille-role': spec.who,
    ...(spec.path || spec.query ? { requestParams: { ...(spec.path ? { path: spec.path } : {}), ...(spec.query ? { query: spec.query } : {}) } } : {}),
    ...(Object.keys(bodies).length > 0
      ? { requestBody: { required: true, content: Object.fromEntries(Object.entries(bodies).map(([type, schema]) => [type, { schema }])) } }
      : {}),
    responses: {
      ...spec.answers,
      ...Object.fromEntries(
        [...statuses].sort().map((status) => [String(status), { description: REFUSALS[status]!, content: { 'application/json': { schema: errorSchema } } }]),
      ),
    },
  };
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** Every write under /api may be answered 503 while the database refuses writes (src/server/database-unavailable.ts). */
export function writesMayBeRefused(paths: ZodOpenApiPathsObject): ZodOpenApiPathsObject {
  const refusal = { '503': { description: REFUSALS[503]!, content: { 'application/json': { schema: errorSchema } } } };
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) =>
          (WRITE_METHODS as readonly string[]).includes(method) ? [method, { ...operation, responses: { ...operation.responses, ...refusal } }] : [method, operation],
        ),
      ),
    ]),
  );
}
