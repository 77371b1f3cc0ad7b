import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { auditQuerySchema } from '../../audit/audit-routes.ts';
import { createTokenSchema } from '../../auth/token-routes.ts';
import { createExclusionSchema, revokeExclusionSchema } from '../../exclusions/exclusion-input.ts';
import { clockStopSchema, createIncidentSchema, incidentUpdateSchema, priorityChangeSchema } from '../../incidents/incident-input.ts';
import { listQuery as incidentListQuery } from '../../incidents/incident-routes.ts';
import { listQuery as maintenanceListQuery } from '../../maintenance/maintenance-routes.ts';
import { cancelWindowSchema, createWindowSchema, rescheduleWindowSchema } from '../../maintenance/window-input.ts';
import { closeOutageSchema, manualOutageSchema } from '../../outages/manual-outage-input.ts';
import { listQuery as outageListQuery } from '../../outages/outage-routes.ts';
import { monthSchema } from '../../reports/month.ts';
import { reportQuery } from '../../reports/report-routes.ts';
import { subscribeBody, tokenBody } from '../../subscriptions/subscription-routes.ts';
import {
  auditListing,
  exclusionAnswer,
  incidentAnswer,
  incidentListing,
  monthlyReport,
  outageAnswer,
  outageListing,
  someIncident,
  someWindow,
  statusDocument,
  tokenCreated,
  tokenListing,
  windowAnswer,
  windowListing,
} from './answer-schemas.ts';
import { answer, idPath, operation, writesMayBeRefused } from './operation-parts.ts';

// Every route of /api/v1, described from the zod schemas its handler validates with (imported,
// never copied). A route added to the app and not here fails test/server/openapi-coverage.test.ts;
// so does a route described here that the app does not have. Paths are written as OpenAPI
// writes them: `{id}` for hono's `:id`.

export const API_OPERATIONS: ZodOpenApiPathsObject = writesMayBeRefused({
  '/api/v1/status': {
    get: operation({
      who: 'public',
      tag: 'status',
      summary: 'Current state of the environments and their checks',
      description: 'Anonymous readers see the public production environments; with a token, every environment, and https checks’ certificateExpiresAt.',
      answers: answer(200, 'The current state, never cached.', statusDocument),
    }),
  },

  '/api/v1/reports/monthly': {
    get: operation({
      who: 'public',
      tag: 'reports',
      summary: 'The monthly availability report',
      description: 'Every production environment’s figures for the month and its parts in milliseconds, and the share of support deadlines met per priority. Anonymous readers get the public environments.',
      query: reportQuery,
      answers: answer(200, 'The report document.', monthlyReport),
    }),
  },
  '/api/v1/reports/monthly.csv': {
    get: operation({
      who: 'public',
      tag: 'reports',
      summary: 'The monthly report as CSV',
      description: 'UTF-8 with a byte-order mark, CRLF line ends, `.` decimals. A signed-in browser’s session counts as its token here.',
      query: z.object({ month: monthSchema }),
      answers: { '200': { description: 'The report, one line per environment.', content: { 'text/csv': { schema: { type: 'string' } } } } },
    }),
  },

  '/api/v1/maintenance': {
    get: operation({
      who: 'public',
      tag: 'maintenance',
      summary: 'Maintenance windows: upcoming, current, past and cancelled',
      description: 'Windows whose times meet [from, to). Anonymous readers see the windows of public environments, without who recorded them or notice references.',
      query: maintenanceListQuery,
      answers: answer(200, 'The windows grouped by status: upcoming and current soonest first, past and cancelled latest first.', windowListing),
    }),
    post: operation({
      who: 'sre',
      tag: 'maintenance',
      summary: 'Register a maintenance window',
      description:
        'Give `end` or `duration`. The notice time is the registration time, or `noticeSentAt` (in the past, with `noticeRef`) for a notice sent by other means, or, with `notify: true`, the time the mail server accepts the notice veille e-mails to the clients.',
      body: createWindowSchema,
      answers: answer(201, 'The window, with its notice and its versions.', windowAnswer),
    }),
  },
  '/api/v1/maintenance/{id}': {
    get: operation({ who: 'public', tag: 'maintenance', summary: 'One maintenance window', path: idPath, answers: answer(200, 'The window.', someWindow) }),
  },
  '/api/v1/maintenance/{id}/reschedule': {
    post: operation({
      who: 'sre',
      tag: 'maintenance',
      summary: 'Move or resize a window',
      description: 'The new times are kept as a new version with its own notice; a change made after an outage began never widens that outage’s exclusion.',
      path: idPath,
      body: rescheduleWindowSchema,
      answers: answer(200, 'The window with its new version.', windowAnswer),
      refused: [409],
    }),
  },
  '/api/v1/maintenance/{id}/cancel': {
    post: operation({
      who: 'sre',
      tag: 'maintenance',
      summary: 'Cancel a window',
      description: 'The window ends at the instant it is cancelled and stays in the registry.',
      path: idPath,
      body: cancelWindowSchema,
      answers: answer(200, 'The cancelled window.', windowAnswer),
      refused: [409],
    }),
  },

  '/api/v1/outages': {
    get: operation({
      who: 'viewer',
      tag: 'outages',
      summary: 'Outages with their exclusions',
      description: 'Outages seen by the prober and recorded by hand that meet [from, to), of one environment or all.',
      query: outageListQuery,
      answers: answer(200, 'The outages, earliest first.', outageListing),
    }),
    post: operation({
      who: 'sre',
      tag: 'outages',
      summary: 'Record an outage by hand',
      description: 'An outage the prober could not see; it stays open (until closed) when `end` is left out.',
      body: manualOutageSchema,
      answers: answer(201, 'The manual outage.', outageAnswer),
    }),
  },
  '/api/v1/outages/{id}': {
    get: operation({ who: 'viewer', tag: 'outages', summary: 'One outage', path: idPath, answers: answer(200, 'The outage with its exclusions.', outageAnswer) }),
  },
  '/api/v1/outages/{id}/close': {
    post: operation({
      who: 'sre',
      tag: 'outages',
      summary: 'End an open manual outage',
      path: idPath,
      body: closeOutageSchema,
      answers: answer(200, 'The closed outage.', outageAnswer),
      refused: [409],
    }),
  },
  '/api/v1/outages/{id}/exclusions': {
    post: operation({
      who: 'sre',
      tag: 'outages',
      summary: 'Exclude an outage, or a part of it, from the figures',
      description: 'For one of the four reasons of rule 6, with a justification; by default the whole outage.',
      path: idPath,
      body: createExclusionSchema,
      answers: answer(201, 'The exclusion.', exclusionAnswer),
    }),
  },
  '/api/v1/exclusions/{id}/revoke': {
    post: operation({
      who: 'sre',
      tag: 'outages',
      summary: 'Revoke an exclusion',
      path: idPath,
      body: revokeExclusionSchema,
      answers: answer(200, 'The revoked exclusion.', exclusionAnswer),
      refused: [409],
    }),
  },

  '/api/v1/incidents': {
    get: operation({
      who: 'public',
      tag: 'incidents',
      summary: 'Incidents with their deadlines',
      description: 'With a token: every incident, its deadlines, time left and whether each was met. Anonymous readers get the public incidents and their published updates.',
      query: incidentListQuery,
      answers: answer(200, 'The incidents.', incidentListing),
    }),
    post: operation({
      who: 'sre',
      tag: 'incidents',
      summary: 'Open an incident',
      description: 'Its response and resolution deadlines follow from the priority and the calendar of the first environment named; an imported ticket gives `openedAt` and `externalRef`.',
      body: createIncidentSchema,
      answers: answer(201, 'The incident with `responseDueAt` and `resolutionDueAt` (null for IV).', incidentAnswer),
    }),
  },
  '/api/v1/incidents/{id}': {
    get: operation({ who: 'public', tag: 'incidents', summary: 'One incident with its timeline', path: idPath, answers: answer(200, 'The incident.', someIncident) }),
  },
  '/api/v1/incidents/{id}/respond': {
    post: operation({
      who: 'sre',
      tag: 'incidents',
      summary: 'Record the first response',
      path: idPath,
      body: clockStopSchema,
      answers: answer(200, 'The incident with `responseMet`.', incidentAnswer),
      refused: [409],
    }),
  },
  '/api/v1/incidents/{id}/resolve': {
    post: operation({
      who: 'sre',
      tag: 'incidents',
      summary: 'Resolve an incident',
      description: 'A message is published with a public incident.',
      path: idPath,
      body: clockStopSchema,
      answers: answer(200, 'The incident with `resolutionMet`.', incidentAnswer),
      refused: [409],
    }),
  },
  '/api/v1/incidents/{id}/priority': {
    post: operation({
      who: 'sre',
      tag: 'incidents',
      summary: 'Change the priority',
      description: 'The deadlines are recomputed from the opening and the change is recorded with its reason.',
      path: idPath,
      body: priorityChangeSchema,
      answers: answer(200, 'The incident with its new deadlines.', incidentAnswer),
      refused: [409],
    }),
  },
  '/api/v1/incidents/{id}/updates': {
    post: operation({
      who: 'sre',
      tag: 'incidents',
      summary: 'Post an update for the status page',
      path: idPath,
      body: incidentUpdateSchema,
      answers: answer(200, 'The incident with the update in its timeline.', incidentAnswer),
    }),
  },

  '/api/v1/subscriptions': {
    post: operation({
      who: 'public',
      tag: 'subscriptions',
      summary: 'Subscribe an e-mail address to incidents and maintenance',
      description: 'Double opt-in: a confirmation e-mail is sent, and nothing else until its link is opened. The answer is the same whether or not the address was already subscribed.',
      body: subscribeBody,
      answers: answer(202, '`{status: "confirmation_sent", message}`.'),
    }),
  },
  '/api/v1/subscriptions/confirm': {
    post: operation({
      who: 'public',
      tag: 'subscriptions',
      summary: 'Confirm a subscription',
      body: tokenBody,
      answers: answer(200, '`{status: "active"}`.'),
      refused: [404],
    }),
  },
  '/api/v1/subscriptions/unsubscribe': {
    post: operation({
      who: 'public',
      tag: 'subscriptions',
      summary: 'End a subscription',
      description: 'The token comes in the query, in a JSON body or in a form post: mail clients post `List-Unsubscribe=One-Click` to the address of the message’s header (RFC 8058).',
      query: z.object({ token: z.string().optional() }),
      otherBodies: { 'application/json': tokenBody, 'application/x-www-form-urlencoded': z.object({ token: z.string() }) },
      answers: answer(200, '`{status: "unsubscribed"}`.'),
      refused: [404],
    }),
  },

  '/api/v1/tokens': {
    get: operation({ who: 'admin', tag: 'tokens', summary: 'List tokens', answers: answer(200, 'Every token, never its secret.', tokenListing) }),
    post: operation({
      who: 'admin',
      tag: 'tokens',
      summary: 'Create a token',
      body: createTokenSchema,
      answers: answer(201, 'The new token with its secret, returned only this once.', tokenCreated),
    }),
  },
  '/api/v1/tokens/{id}/revoke': {
    post: operation({ who: 'admin', tag: 'tokens', summary: 'Revoke a token', description: 'Its browser sessions end too.', path: idPath, answers: answer(200, '`{id, revoked: true}`.'), refused: [409] }),
  },
  '/api/v1/audit': {
    get: operation({ who: 'admin', tag: 'audit', summary: 'The audit log', description: 'Every write, newest first: when, who, what.', query: auditQuerySchema, answers: answer(200, 'The entries, newest first.', auditListing) }),
  },
  '/api/v1/admin/reload': {
    post: operation({
      who: 'admin',
      tag: 'operations',
      summary: 'Reload the configuration file',
      description: 'What `kill -HUP` does: a valid file is swapped in on the same database and socket; an invalid one changes nothing. 409 when the daemon was not started from a file.',
      answers: answer(200, '`{reloaded: true, file, changes}`.'),
      refused: [409, 422],
    }),
  },

  '/api/v1/openapi.json': {
    get: operation({ who: 'public', tag: 'description', summary: 'This description of the API, in OpenAPI 3.1', answers: answer(200, 'This document.') }),
  },
  '/api/v1/docs': {
    get: operation({
      who: 'public',
      tag: 'description',
      summary: 'This description as a page to read in a browser',
      answers: { '200': { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } },
    }),
  },
});
