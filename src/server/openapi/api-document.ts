import { createDocument } from 'zod-openapi';
import type { oas31 } from 'zod-openapi';
import { API_OPERATIONS } from './api-operations.ts';

export type OpenApiDocument = oas31.OpenAPIObject;

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the route registry and the zod schemas
 * the handlers validate with. Request schemas are described as a client writes them (the input
 * side of each schema: an instant is the ISO string, not the milliseconds it becomes).
 */
export function describeApi(): OpenApiDocument {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'veille',
      // The version of the interface described: /api/v1 only ever grows (docs/api.md).
      version: '1',
      description: [
        'SLA-aware uptime monitoring: availability counted as the service contract defines it.',
        'Times are ISO 8601 with an offset or Z; a time without one is refused. Durations are whole milliseconds.',
        'Unknown body fields, unknown query parameters and a parameter given twice are refused (400, each named); an empty query parameter is the same as none.',
        'Routes marked public answer anyone, and more with a token; the others need a bearer token of the role named in `x-veille-role` or above (viewer < sre < admin).',
        'Every refusal is `{"error": {"code", "message", "fields"?}}`.',
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'The veille daemon serving this document' }],
    tags: [
      { name: 'status', description: 'The current state' },
      { name: 'reports', description: 'Monthly availability (rule 7)' },
      { name: 'maintenance', description: 'The maintenance registry and its notices (rule 5)' },
      { name: 'outages', description: 'Outages and their exclusions (rules 4 and 6)' },
      { name: 'incidents', description: 'The support desk and its deadlines (rule 8)' },
      { name: 'subscriptions', description: 'E-mail subscriptions to incidents and maintenance' },
      { name: 'tokens', description: 'Access tokens (rule 9)' },
      { name: 'audit', description: 'Who wrote what, and when' },
      { name: 'operations', description: 'Running the daemon' },
      { name: 'description', description: 'This description' },
    ],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A token made with `veille token create` or POST /api/v1/tokens.' },
      },
    },
    paths: API_OPERATIONS,
  });
}
