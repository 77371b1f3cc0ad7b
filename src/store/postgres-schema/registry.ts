// The PostgreSQL twin of ../schema/registry.ts, where each table is described.
import { bigint, boolean, index, json, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { outages } from './monitoring.ts';

export const maintenanceWindows = pgTable('maintenance_windows', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  impact: text('impact').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  cancelledAt: bigint('cancelled_at', { mode: 'number' }),
  cancelledBy: text('cancelled_by'),
  cancelReason: text('cancel_reason'),
});

export const maintenanceVersions = pgTable(
  'maintenance_versions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    windowId: bigint('window_id', { mode: 'number' }).notNull().references(() => maintenanceWindows.id),
    start: bigint('start', { mode: 'number' }).notNull(),
    end: bigint('end', { mode: 'number' }).notNull(),
    noticeSentAt: bigint('notice_sent_at', { mode: 'number' }),
    noticeRef: text('notice_ref'),
    recordedAt: bigint('recorded_at', { mode: 'number' }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    changeReason: text('change_reason'),
  },
  (t) => [index('maintenance_versions_window').on(t.windowId)],
);

export const maintenanceEnvironments = pgTable(
  'maintenance_environments',
  {
    windowId: bigint('window_id', { mode: 'number' }).notNull().references(() => maintenanceWindows.id),
    envId: text('env_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.envId] }), index('maintenance_environments_env').on(t.envId)],
);

export const exclusions = pgTable(
  'exclusions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    outageId: bigint('outage_id', { mode: 'number' }).notNull().references(() => outages.id),
    reason: text('reason', { enum: ['client_equipment', 'client_internet', 'prohibited_use', 'force_majeure'] }).notNull(),
    justification: text('justification').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    end: bigint('end', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [index('exclusions_outage').on(t.outageId)],
);

export const incidents = pgTable(
  'incidents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    title: text('title').notNull(),
    priority: text('priority', { enum: ['I', 'II', 'III', 'IV'] }).notNull(),
    kind: text('kind', { enum: ['incident', 'question', 'help', 'data_change', 'batch_change'] }).notNull(),
    channel: text('channel', { enum: ['email', 'phone', 'chat', 'web', 'monitor'] }).notNull(),
    public: boolean('public').notNull(),
    calendar: text('calendar').notNull(),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    externalRef: text('external_ref'),
    responseDueAt: bigint('response_due_at', { mode: 'number' }).notNull(),
    resolutionDueAt: bigint('resolution_due_at', { mode: 'number' }),
    respondedAt: bigint('responded_at', { mode: 'number' }),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
    outageId: bigint('outage_id', { mode: 'number' }).references(() => outages.id),
    checkId: text('check_id'),
    feature: text('feature'),
  },
  (t) => [index('incidents_opened').on(t.openedAt)],
);

export const incidentEnvironments = pgTable(
  'incident_environments',
  {
    incidentId: bigint('incident_id', { mode: 'number' }).notNull().references(() => incidents.id),
    envId: text('env_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.envId] })],
);

export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull().references(() => incidents.id),
    at: bigint('at', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    message: text('message'),
    details: json('details'),
  },
  (t) => [index('incident_events_incident').on(t.incidentId)],
);
