import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { outages } from './monitoring.ts';

// What people recorded: maintenance windows (with every version kept), exclusions, incidents.

export const maintenanceWindows = sqliteTable('maintenance_windows', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  impact: text('impact').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  cancelledAt: integer('cancelled_at'),
  cancelledBy: text('cancelled_by'),
  cancelReason: text('cancel_reason'),
});

/** Every version of a window's times with the notice that announced it; the last one is current. */
export const maintenanceVersions = sqliteTable(
  'maintenance_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    windowId: integer('window_id').notNull().references(() => maintenanceWindows.id),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    /** NULL while veille is still sending the notice (`notify: true`): no notice yet, no exclusion (rule 5). */
    noticeSentAt: integer('notice_sent_at'),
    noticeRef: text('notice_ref'),
    recordedAt: integer('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    changeReason: text('change_reason'),
  },
  (t) => [index('maintenance_versions_window').on(t.windowId)],
);

export const maintenanceEnvironments = sqliteTable(
  'maintenance_environments',
  {
    windowId: integer('window_id').notNull().references(() => maintenanceWindows.id),
    envId: text('env_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.envId] }), index('maintenance_environments_env').on(t.envId)],
);

export const exclusions = sqliteTable(
  'exclusions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outageId: integer('outage_id').notNull().references(() => outages.id),
    reason: text('reason', { enum: ['client_equipment', 'client_internet', 'prohibited_use', 'force_majeure'] }).notNull(),
    justification: text('justification').notNull(),
    start: integer('start').notNull(),
    end: integer('end'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [index('exclusions_outage').on(t.outageId)],
);

export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    priority: text('priority', { enum: ['I', 'II', 'III', 'IV'] }).notNull(),
    kind: text('kind', { enum: ['incident', 'question', 'help', 'data_change', 'batch_change'] }).notNull(),
    channel: text('channel', { enum: ['email', 'phone', 'chat', 'web', 'monitor'] }).notNull(),
    public: integer('public', { mode: 'boolean' }).notNull(),
    calendar: text('calendar').notNull(),
    openedAt: integer('opened_at').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    externalRef: text('external_ref'),
    responseDueAt: integer('response_due_at').notNull(),
    resolutionDueAt: integer('resolution_due_at'),
    respondedAt: integer('responded_at'),
    resolvedAt: integer('resolved_at'),
    outageId: integer('outage_id').references(() => outages.id),
    checkId: text('check_id'),
    feature: text('feature'),
  },
  (t) => [index('incidents_opened').on(t.openedAt)],
);

export const incidentEnvironments = sqliteTable(
  'incident_environments',
  {
    incidentId: integer('incident_id').notNull().references(() => incidents.id),
    envId: text('env_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.envId] })],
);

/** The incident's timeline: opening, priority changes, updates, response, resolution. */
export const incidentEvents = sqliteTable(
  'incident_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id').notNull().references(() => incidents.id),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    message: text('message'),
    details: text('details', { mode: 'json' }),
  },
  (t) => [index('incident_events_incident').on(t.incidentId)],
);
