/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { SreIncident } from '../pages/sre-page.tsx';
import { Text } from './safe-text.tsx';
import { SupportClock } from './sre-clock.tsx';
import { EnvironmentChoice, FormProblems, RequiredSelect, checked, invalid, localValue, value, type FormState } from './sre-form.tsx';
import { TableScroll } from './table-scroll.tsx';

export interface IncidentChoices {
  priorities: readonly string[];
  kinds: readonly string[];
  /** Channels a person may choose (not `monitor`). */
  channels: readonly string[];
}

/** Open incidents and those resolved lately, each with its two clocks. */
export function IncidentTable(props: { f: Formatter; label: string; incidents: SreIncident[] }) {
  const { f } = props;
  if (props.incidents.length === 0) return <p class="empty">{f.t.noIncidentsSre}</p>;
  const c = f.t.incidentColumns;
  return (
    <TableScroll label={props.label}>
      <table class="incident-table">
        <thead>
          <tr>
            <th scope="col">{c.incident}</th>
            <th scope="col">{c.priority}</th>
            <th scope="col">{c.state}</th>
            <th scope="col">{c.response}</th>
            <th scope="col">{c.resolution}</th>
          </tr>
        </thead>
        <tbody>
          {props.incidents.map((incident) => (
            <tr>
              <th scope="row">
                <a href={`/sre/incidents/${incident.id}`}>
                  #{incident.id} <Text value={incident.title} />
                </a>
                <br />
                <span class="hint">
                  {incident.environments.join(', ') || f.t.noIncidentEnvironments} · {f.t.incidentChannel[incident.channel] ?? incident.channel}
                  {incident.public ? ` · ${f.t.incidentFacts.public}` : ''}
                </span>
              </th>
              <td>{incident.priority}</td>
              <td>{f.t.incidentState[incident.state] ?? incident.state}</td>
              <td>
                <SupportClock f={f} dueAt={incident.responseDueAt} stoppedAt={incident.respondedAt} met={incident.status.responseMet} leftMs={incident.status.responseLeftMs} />
              </td>
              <td>
                <SupportClock f={f} dueAt={incident.resolutionDueAt} stoppedAt={incident.resolvedAt} met={incident.status.resolutionMet} leftMs={incident.status.resolutionLeftMs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The form that opens an incident by hand, with the fields of POST /api/v1/incidents. */
export function OpenIncidentForm(props: { f: Formatter; csrf: string; state: FormState | undefined; environments: Array<{ id: string; name: string }>; choices: IncidentChoices }) {
  const { f, state } = props;
  const form = 'incident';
  const zoneHint = f.t.fieldTimeHint(f.timeZoneName);
  return (
    <details open={state?.form === form}>
      <summary>{f.t.openIncidentHeading}</summary>
      <FormProblems f={f} state={state} form={form} />
      <form method="post" action="/sre/incidents" class="stacked">
        <input type="hidden" name="csrf" value={props.csrf} />
        <label for="i-title">{f.t.fieldTitle}</label>
        <input id="i-title" name="title" type="text" required maxlength={10000} value={value(state, form, 'title')} aria-invalid={invalid(state, form, 'title')} />
        <label for="i-priority">{f.t.fieldPriority}</label>
        <RequiredSelect
          f={f}
          id="i-priority"
          name="priority"
          options={props.choices.priorities.map((priority) => ({ value: priority, label: priority }))}
          selected={value(state, form, 'priority')}
          invalid={invalid(state, form, 'priority')}
        />
        <label for="i-kind">{f.t.fieldKind}</label>
        <RequiredSelect
          f={f}
          id="i-kind"
          name="kind"
          options={props.choices.kinds.map((kind) => ({ value: kind, label: f.t.incidentKind[kind] ?? kind }))}
          selected={state?.form === form ? value(state, form, 'kind') : 'incident'}
          invalid={invalid(state, form, 'kind')}
        />
        <label for="i-channel">{f.t.fieldChannel}</label>
        <RequiredSelect
          f={f}
          id="i-channel"
          name="channel"
          options={props.choices.channels.map((channel) => ({ value: channel, label: f.t.incidentChannel[channel] ?? channel }))}
          selected={value(state, form, 'channel')}
          invalid={invalid(state, form, 'channel')}
        />
        <EnvironmentChoice f={f} environments={props.environments} state={state} form={form} />
        <label class="checkbox">
          <input type="checkbox" name="public" value="1" checked={checked(state, form, 'public')} />
          {f.t.fieldPublic}
        </label>
        <label for="i-opened">
          {f.t.fieldOpenedAt} <span class="hint">{zoneHint}</span>
        </label>
        <input id="i-opened" name="openedAt" type="datetime-local" value={localValue(state, form, 'openedAt')} aria-invalid={invalid(state, form, 'openedAt')} />
        <label for="i-ref">{f.t.fieldExternalRef}</label>
        <input id="i-ref" name="externalRef" type="text" value={value(state, form, 'externalRef')} aria-invalid={invalid(state, form, 'externalRef')} />
        <button type="submit">{f.t.openIncidentButton}</button>
      </form>
    </details>
  );
}
