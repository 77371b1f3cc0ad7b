import type { Formatter } from '../../status-page/format.ts';
import { incidentTitle } from '../../status-page/components/incident-list.tsx';
import type { PublicIncident, PublicSnapshot, PublicWindow } from '../web/public-view/types.ts';
import { xmlText } from './xml-text.ts';

// An Atom feed (RFC 4287) of the public incidents and maintenance windows, newest change
// first: feed readers and chat integrations can follow the status page without polling JSON.

interface Entry {
  id: string;
  title: string;
  updated: number;
  published: number;
  link: string;
  text: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function incidentEntry(f: Formatter, origin: string, incident: PublicIncident): Entry {
  const lines = [
    `${f.t.incidentStatus[incident.status]} · ${f.t.incidentImpact[incident.impact]}`,
    `${f.t.incidentOpened} ${f.dateTime(incident.openedAt)}`,
    ...(incident.resolvedAt !== null ? [`${f.t.incidentResolved} ${f.dateTime(incident.resolvedAt)}`] : []),
    ...incident.updates.map((update) => `${f.dateTime(update.at)} — ${f.t.incidentStatus[update.status]}${f.t.colon}${update.message ?? f.t.incidentStepText[update.status] ?? ''}`),
  ];
  return {
    id: `${origin}/#incident-${incident.id}`,
    title: `${f.t.incidentStatus[incident.status]} — ${incidentTitle(f, incident)}`,
    updated: incident.updatedAt,
    published: incident.openedAt,
    link: `${origin}/#incident-${incident.id}`,
    text: lines.join('\n'),
  };
}

function windowEntry(f: Formatter, origin: string, window: PublicWindow): Entry {
  const names = window.environments.map((environment) => environment.name).join(', ');
  const lines = [
    `${f.t.maintenanceWhen}${f.t.colon}${f.dateTime(window.start)} – ${f.dateTime(window.end)} (${f.duration(window.end - window.start)})`,
    `${f.t.maintenanceImpact}${f.t.colon}${window.impact}`,
    `${f.t.maintenanceNotice}${f.t.colon}${window.noticeSentAt === null ? f.t.noticePending : f.dateTime(window.noticeSentAt)}`,
  ];
  const status = window.status === 'upcoming' ? f.t.upcomingMaintenance : window.status === 'current' ? f.t.currentMaintenance : f.t.pastMaintenance;
  return {
    id: `${origin}/#maintenance-${window.id}`,
    title: `${status} — ${f.t.maintenanceName(names)}`,
    updated: window.updatedAt,
    published: window.createdAt,
    link: `${origin}/#maintenance-${window.id}`,
    text: lines.join('\n'),
  };
}

export function renderAtomFeed(f: Formatter, origin: string, snapshot: PublicSnapshot): string {
  const entries = [
    ...[...snapshot.incidents.open, ...snapshot.incidents.recent].map((incident) => incidentEntry(f, origin, incident)),
    ...[...snapshot.maintenance.current, ...snapshot.maintenance.upcoming, ...snapshot.maintenance.recent].map((window) => windowEntry(f, origin, window)),
  ].sort((a, b) => b.updated - a.updated);
  const updated = entries[0]?.updated ?? snapshot.generatedAt;
  const body = entries
    .map(
      (entry) => `  <entry>
    <id>${xmlText(entry.id)}</id>
    <title>${xmlText(entry.title)}</title>
    <updated>${iso(entry.updated)}</updated>
    <published>${iso(entry.published)}</published>
    <link rel="alternate" type="text/html" href="${xmlText(entry.link)}"/>
    <content type="text">${xmlText(entry.text)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${f.language}">
  <id>${xmlText(`${origin}/feed.atom`)}</id>
  <title>${xmlText(`veille — ${f.t.siteTitle}`)}</title>
  <subtitle>${xmlText(f.t.feedLink)}</subtitle>
  <updated>${iso(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(`${origin}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(`${origin}/`)}"/>
  <author><name>veille</name></author>
${body}
</feed>
`;
}
