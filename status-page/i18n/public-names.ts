import type { Messages } from './messages.ts';

// How the public is told the names of things the configuration only gives ids for. One place,
// so that the page, the feed, the Statuspage documents and subscribers' e-mails agree.

/** A feature by its catalog name, or by its id made readable when the catalog lacks it. */
export function featureName(t: Messages, feature: string): string {
  return t.features[feature] ?? feature.charAt(0).toUpperCase() + feature.slice(1).replace(/[-_]/g, ' ');
}

export interface TitledIncident {
  /** null when the monitor wrote the title (it names checks): the public wording is made here. */
  readonly title: string | null;
  /** The failing feature of an incident the monitor opened; null for an environment outage. */
  readonly feature: string | null;
  readonly environments: ReadonlyArray<{ readonly name: string }>;
}

export function publicIncidentTitle(t: Messages, incident: TitledIncident): string {
  if (incident.title !== null) return incident.title;
  const names = incident.environments.map((environment) => environment.name).join(', ');
  return incident.feature === null ? t.monitorIncidentTitle(names) : t.featureIncidentTitle(featureName(t, incident.feature), names);
}
