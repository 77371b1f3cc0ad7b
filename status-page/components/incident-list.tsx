/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { PublicIncident, PublicIncidentUpdate } from '../../src/web/public-view/types.ts';
import { publicIncidentTitle } from '../i18n/public-names.ts';
import { Text, cleanText } from './safe-text.tsx';

export function incidentTitle(f: Formatter, incident: PublicIncident): string {
  return cleanText(publicIncidentTitle(f.t, incident));
}

function updateText(f: Formatter, update: PublicIncidentUpdate): string {
  return update.message ?? f.t.incidentStepText[update.status] ?? '';
}

function IncidentItem(props: { f: Formatter; incident: PublicIncident }) {
  const { f, incident } = props;
  return (
    <li class={`incident incident-${incident.impact}`} id={`incident-${incident.id}`}>
      <h4 class="incident-title">
        <bdi>{incidentTitle(f, incident)}</bdi>
      </h4>
      <p class="incident-meta">
        <span class="tag">{f.t.incidentStatus[incident.status]}</span> <span class="tag tag-impact">{f.t.incidentImpact[incident.impact]}</span>{' '}
        {f.t.incidentOpened} <time datetime={f.iso(incident.openedAt)}>{f.dateTime(incident.openedAt)}</time>
        {incident.resolvedAt !== null ? (
          <>
            {' · '}
            {f.t.incidentResolved} <time datetime={f.iso(incident.resolvedAt)}>{f.dateTime(incident.resolvedAt)}</time>
          </>
        ) : null}
        {' · '}
        {incident.environments.map((environment, k) => (
          <>
            {k > 0 ? ', ' : ''}
            <Text value={environment.name} />
          </>
        ))}
      </p>
      {incident.updates.length > 0 ? (
        <ol class="updates" aria-label={f.t.incidentUpdates}>
          {incident.updates.map((update) => (
            <li>
              <p class="update-head">
                <strong>{f.t.incidentStatus[update.status]}</strong> — <time datetime={f.iso(update.at)}>{f.dateTime(update.at)}</time>
              </p>
              <p class="update-body">
                <Text value={updateText(f, update)} />
              </p>
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function IncidentList(props: { f: Formatter; open: readonly PublicIncident[]; recent: readonly PublicIncident[] }) {
  const { f } = props;
  return (
    <section class="panel" aria-labelledby="incidents-title">
      <h2 id="incidents-title">{f.t.incidentsHeading}</h2>
      <h3>{f.t.openIncidents}</h3>
      {props.open.length === 0 ? (
        <p class="empty">{f.t.noOpenIncidents}</p>
      ) : (
        <ul class="incidents">
          {props.open.map((incident) => (
            <IncidentItem f={f} incident={incident} />
          ))}
        </ul>
      )}
      <h3>{f.t.recentIncidents}</h3>
      {props.recent.length === 0 ? (
        <p class="empty">{f.t.noRecentIncidents}</p>
      ) : (
        <ul class="incidents">
          {props.recent.map((incident) => (
            <IncidentItem f={f} incident={incident} />
          ))}
        </ul>
      )}
    </section>
  );
}
