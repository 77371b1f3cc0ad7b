import { z } from 'zod';
import { ROLES } from '../../auth/roles.ts';
import { ENVIRONMENT_TYPES, PRIORITIES } from '../../config/types.ts';
import { EXCLUSION_REASONS } from '../../exclusions/exclusion-input.ts';
import { INCIDENT_CHANNELS, INCIDENT_KINDS } from '../../incidents/incident-input.ts';

// What the routes answer, for the API description. The answers are built by the view functions
// (window-view.ts, outage-routes.ts, incident-view.ts, …), not parsed, so these schemas are kept
// beside them by hand; test/server/openapi-answers.test.ts checks real answers against them.
// Objects are loose: /api/v1 may add fields to an answer, never remove one.

const time = z.string().meta({ description: 'An ISO 8601 time in UTC.', examples: ['2026-11-02T14:00:00.000Z'] });
const ms = z.int().meta({ description: 'Milliseconds.' });
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

const windowVersion = z.looseObject({
  start: time,
  end: time,
  noticeSentAt: nullable(time).meta({ description: 'When the notice of this version reached the clients; null while veille is still e-mailing it.' }),
  noticeStatus: z.enum(['pending', 'sent']),
  noticeRef: nullable(z.string()),
  recordedAt: time,
  recordedBy: z.string(),
  changeReason: nullable(z.string()),
});

export const windowAnswer = z
  .looseObject({
    id: z.int(),
    environments: z.array(z.string()),
    start: time,
    end: time,
    durationMs: ms,
    impact: z.string(),
    status: z.enum(['upcoming', 'current', 'past', 'cancelled']),
    noticeSentAt: nullable(time),
    noticeStatus: z.enum(['pending', 'sent']),
    noticeRef: nullable(z.string()),
    recordedAt: time,
    recordedBy: z.string(),
    createdAt: time,
    createdBy: z.string(),
    cancelledAt: nullable(time),
    cancelledBy: nullable(z.string()),
    cancelReason: nullable(z.string()),
    versions: z.array(windowVersion).meta({ description: 'Every version, oldest first; the last is in force.' }),
  })
  .meta({ id: 'MaintenanceWindow', description: 'A window as a signed-in reader sees it, with its notice and every version.' });

export const publicWindowAnswer = z
  .looseObject({
    id: z.int(),
    environments: z.array(z.string()).meta({ description: 'The public environments it affects.' }),
    start: time,
    end: time,
    durationMs: ms,
    impact: z.string(),
    status: z.enum(['upcoming', 'current', 'past', 'cancelled']),
    cancelledAt: nullable(time),
  })
  .meta({ id: 'PublicMaintenanceWindow', description: 'A window as anyone sees it: no one who recorded it, no notice reference, no private environment.' });

/** Signed-in readers get the full window, anonymous ones the public view. */
export const someWindow = z.union([windowAnswer, publicWindowAnswer]);

const windows = z.array(someWindow);
export const windowListing = z.looseObject({ now: time, upcoming: windows, current: windows, past: windows, cancelled: windows });

export const exclusionAnswer = z
  .looseObject({
    id: z.int(),
    outageId: z.int(),
    reason: z.enum(EXCLUSION_REASONS),
    justification: z.string(),
    start: time,
    end: nullable(time).meta({ description: 'null: until the outage ends.' }),
    durationMs: ms,
    createdBy: z.string(),
    createdAt: time,
    revoked: z.boolean(),
    revokedAt: nullable(time),
    revokedBy: nullable(z.string()),
    revokeReason: nullable(z.string()),
  })
  .meta({ id: 'Exclusion' });

export const outageAnswer = z
  .looseObject({
    id: z.int(),
    check: z.string(),
    environment: z.string(),
    source: z.enum(['probe', 'manual']),
    manual: z.boolean(),
    start: time,
    end: nullable(time),
    open: z.boolean(),
    durationMs: ms.meta({ description: 'Up to now while open.' }),
    lastDownAt: nullable(time),
    reason: nullable(z.string()),
    createdBy: nullable(z.string()),
    createdAt: time,
    closedReason: nullable(z.string()),
    exclusions: z.array(exclusionAnswer),
  })
  .meta({ id: 'Outage' });

export const outageListing = z.looseObject({ outages: z.array(outageAnswer) });

const incidentEvent = z.looseObject({ id: z.int(), at: time, actor: nullable(z.string()), type: z.string(), message: nullable(z.string()), details: z.unknown() });

export const incidentAnswer = z
  .looseObject({
    id: z.int(),
    title: z.string(),
    priority: z.enum(PRIORITIES),
    kind: z.enum(INCIDENT_KINDS),
    channel: z.enum(INCIDENT_CHANNELS),
    public: z.boolean(),
    environments: z.array(z.string()),
    calendar: z.string(),
    state: z.enum(['open', 'responded', 'resolved']),
    openedAt: time,
    externalRef: nullable(z.string()),
    createdAt: time,
    createdBy: nullable(z.string()),
    responseDueAt: time,
    resolutionDueAt: nullable(time).meta({ description: 'null: no resolution deadline (priority IV).' }),
    respondedAt: nullable(time),
    resolvedAt: nullable(time),
    responseMet: nullable(z.boolean()).meta({ description: 'null while the clock runs.' }),
    resolutionMet: nullable(z.boolean()),
    timeLeft: z.looseObject({ responseMs: nullable(z.int()), resolutionMs: nullable(z.int()) }).meta({ description: 'Due minus now while running, due minus the stop once stopped; negative: late.' }),
    outageId: nullable(z.int()),
    checkId: nullable(z.string()),
    feature: nullable(z.string()),
    events: z.array(incidentEvent).meta({ description: 'The timeline, oldest first.' }),
  })
  .meta({ id: 'Incident', description: 'An incident as a signed-in reader sees it, with its deadlines and timeline.' });

export const publicIncidentAnswer = z
  .looseObject({
    id: z.int(),
    title: nullable(z.string()).meta({ description: 'null for the incidents veille opened itself (their titles name checks).' }),
    priority: z.enum(PRIORITIES),
    environments: z.array(z.string()).meta({ description: 'The public environments it affects.' }),
    state: z.enum(['open', 'responded', 'resolved']),
    openedAt: time,
    respondedAt: nullable(time),
    resolvedAt: nullable(time),
    updates: z.array(z.looseObject({ at: time, type: z.string(), message: z.string() })).meta({ description: 'The published updates, oldest first.' }),
  })
  .meta({ id: 'PublicIncident', description: 'A public incident as anyone sees it: no people, no external reference.' });

/** Signed-in readers get the full incident, anonymous ones the public view. */
export const someIncident = z.union([incidentAnswer, publicIncidentAnswer]);

export const incidentListing = z.looseObject({ incidents: z.array(someIncident) });

const environmentFigure = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(ENVIRONMENT_TYPES),
  businessMs: ms,
  rawDowntimeMs: ms,
  outsideBusinessMs: ms,
  excludedMaintenanceMs: ms,
  excludedOtherMs: ms,
  downtimeMs: ms,
  unmonitoredMs: ms,
  availability: z.number().meta({ description: '100 × (businessMs − downtimeMs) / businessMs; 100 when businessMs is 0.' }),
  met: z.boolean(),
  budgetMs: ms,
  budgetLeftMs: z.int().meta({ description: 'Negative when the budget is overrun.' }),
  observedMs: ms.meta({ description: 'Business time observed: businessMs − unmonitoredMs.' }),
  coverage: z.number().meta({ description: 'observedMs / businessMs; 1 when businessMs is 0.' }),
  coverageSufficient: z.boolean().meta({ description: 'coverage ≥ coverageMinimum; false: the verdict rests on too little observation.' }),
  verdict: z.enum(['met', 'missed', 'none']).meta({ description: 'none while nothing of the month was measured (met is then true by the formula).' }),
});

const prioritySummary = z.looseObject({ count: z.int(), responseMet: z.int(), resolutionMet: z.int() });

export const monthlyReport = z
  .looseObject({
    month: z.string(),
    timeZone: z.string(),
    target: z.number(),
    complete: z.boolean().meta({ description: 'false for a month in progress: businessMs is then the whole month’s.' }),
    coverageMinimum: z.number().meta({ description: 'Percent of business time that must be observed for a verdict to rest on enough observation.' }),
    environments: z.array(environmentFigure),
    incidents: z.looseObject(Object.fromEntries(PRIORITIES.map((priority) => [priority, prioritySummary])) as Record<(typeof PRIORITIES)[number], typeof prioritySummary>),
  })
  .meta({ id: 'MonthlyReport' });

export const tokenListing = z.looseObject({
  tokens: z.array(z.looseObject({ id: z.int(), name: z.string(), role: z.enum(ROLES), createdAt: time, revokedAt: nullable(time) })),
});

export const tokenCreated = z.looseObject({
  id: z.int(),
  name: z.string(),
  role: z.enum(ROLES),
  token: z.string().meta({ description: 'The secret, returned only this once.' }),
});

export const auditListing = z.looseObject({
  entries: z.array(z.looseObject({ id: z.int(), at: time, actor: z.string(), action: z.string(), target: nullable(z.string()), details: z.unknown() })),
});

const checkState = z.enum(['up', 'degraded', 'down', 'unknown']).meta({ description: 'down only once confirmed (a first failure reads degraded); unknown after silence longer than 3 intervals.' });
const environmentState = z.enum(['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance', 'unknown']);

const statusCheck = z.looseObject({
  label: z.looseObject({ kind: z.enum(['application', 'database', 'service', 'feature']), feature: z.string().optional(), ordinal: nullable(z.int()) }).meta({
    description: 'How the public page names the check ("Application", "Database", a feature), never its URL or id.',
  }),
  role: z.enum(['availability', 'feature']),
  state: checkState,
  latencyMs: nullable(z.number()),
  checkedAt: nullable(time),
  id: z.string().optional().meta({ description: 'With a token, as every field below.' }),
  url: z.string().optional(),
  feature: nullable(z.string()).optional(),
  lastResult: nullable(
    z.looseObject({
      at: time,
      status: z.enum(['up', 'degraded', 'down']),
      latencyMs: nullable(z.number()),
      reason: nullable(z.string()),
      location: z.string().optional().meta({ description: 'The location that took it (the newest result of any location), when the configuration names its locations.' }),
    }),
  ).optional(),
  outage: nullable(z.looseObject({ id: z.int(), start: time, source: z.enum(['probe', 'manual']) })).optional(),
  certificateExpiresAt: nullable(time).optional().meta({ description: 'https checks: the notAfter of the certificate last presented; null until a handshake succeeded.' }),
});

export const statusDocument = z
  .looseObject({
    at: time,
    state: environmentState.exclude(['unknown']).meta({ description: 'The worst state of the environments shown.' }),
    environments: z.array(
      z.looseObject({
        id: z.string(),
        name: z.string(),
        state: environmentState,
        updatedAt: nullable(time),
        checks: z.array(statusCheck),
        type: z.enum(ENVIRONMENT_TYPES).optional().meta({ description: 'With a token, as public and clients.' }),
        public: z.boolean().optional(),
        clients: z.array(z.string()).optional(),
      }),
    ),
  })
  .meta({ id: 'Status', description: 'Anonymous readers see the public production environments, checks named by label only; with a token, every environment with ids, URLs, clients, last results and open outages.' });
