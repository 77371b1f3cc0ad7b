import type { Formatter } from '../../status-page/format.ts';
import { incidentTitle } from '../../status-page/components/incident-list.tsx';
import type { PublicIncident, PublicSnapshot, PublicWindow } from '../web/public-view/types.ts';
import type { PublicAddress } from './public-address.ts';
import { xmlText } from './xml-text.ts';

// An Atom feed (RFC 4287) of the public incidents and maintenance windows, newest change
// first: feed readers and chat integrations can follow the status page without polling JSON.
// Each language is a feed of its own (its own id, rel=self and entry ids), and it lists the 50
// most recent incidents and windows, a cancelled window as cancelled.

interface Entry {
  id: string;
  title: string;
  updated: number;
  published: number;
  link: string;
  text: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The page in the feed's language, at one of its items. */
const pageAt = (f: Formatter, anchor: string) => `/?lang=${f.language}#${anchor}`;

function incidentEntry(f: Formatter, address: PublicAddress, incident: PublicIncident): Entry {
  const lines = [
    `${f.t.incidentStatus[incident.status]} · ${f.t.incidentImpact[incident.impact]}`,
    `${f.t.incidentOpened} ${f.dateTime(incident.openedAt)}`,
    ...(incident.resolvedAt !== null ? [`${f.t.incidentResolved} ${f.dateTime(incident.resolvedAt)}`] : []),
    ...incident.updates.map((update) => `${f.dateTime(update.at)} — ${f.t.incidentStatus[update.status]}${f.t.colon}${update.message ?? f.t.incidentStepText[update.status] ?? ''}`),
  ];
  return {
    id: address.id(pageAt(f, `incident-${incident.id}`)),
    title: `${f.t.incidentStatus[incident.status]} — ${incidentTitle(f, incident)}`,
    updated: incident.updatedAt,
    published: incident.openedAt,
    link: address.link(pageAt(f, `incident-${incident.id}`)),
    text: lines.join('\n'),
  };
}

const WINDOW_STATUS = { upcoming: 'upcomingMaintenance', current: 'currentMaintenance', past: 'pastMaintenance', cancelled: 'cancelledMaintenance' } as const;

function windowEntry(f: Formatter, address: PublicAddress, window: PublicWindow): Entry {
  const names = window.environments.map((environment) => environment.name).join(', ');
  const lines = [
    `${f.t.maintenanceWhen}${f.t.colon}${f.dateTime(window.start)} – ${f.dateTime(window.end)} (${f.duration(window.end - window.start)})`,
    `${f.t.maintenanceImpact}${f.t.colon}${window.impact}`,
    `${f.t.maintenanceNotice}${f.t.colon}${window.noticeSentAt === null ? f.t.noticePending : f.dateTime(window.noticeSentAt)}`,
  ];
  if (window.status === 'cancelled' && window.cancelledAt !== null) lines.unshift(`${f.t.cancelledMaintenance} ${f.dateTime(window.cancelledAt)}${f.t.colon}${f.t.maintenanceCancelledText}`);
  return {
    id: address.id(pageAt(f, `maintenance-${window.id}`)),
    title: `${f.t[WINDOW_STATUS[window.status]]} — ${f.t.maintenanceName(names)}`,
    updated: window.updatedAt,
    published: window.createdAt,
    link: address.link(pageAt(f, `maintenance-${window.id}`)),
    text: lines.join('\n'),
  };
}

export function renderAtomFeed(f: Formatter, address: PublicAddress, snapshot: PublicSnapshot): string {
  const entries = [
    ...snapshot.incidents.latest.map((incident) => incidentEntry(f, address, incident)),
    ...snapshot.maintenance.latest.map((window) => windowEntry(f, address, window)),
  ].sort((a, b) => b.updated - a.updated);
  const self = `/feed.atom?lang=${f.language}`;
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
  <id>${xmlText(address.id(self))}</id>
  <title>${xmlText(`veille — ${f.t.siteTitle}`)}</title>
  <subtitle>${xmlText(f.t.feedLink)}</subtitle>
  <updated>${iso(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(address.link(self))}"/>
  <link rel="alternate" type="text/html" href="${xmlText(address.link(`/?lang=${f.language}`))}"/>
  <author><name>veille</name></author>
${body}
</feed>
`;
}
