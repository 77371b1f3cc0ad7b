/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import { Layout } from '../components/layout.tsx';
import { Text } from '../components/safe-text.tsx';
import { SupportClock } from '../components/sre-clock.tsx';
import { FormProblems, Problems, RequiredSelect, checked, invalid, localValue, value, type FormState } from '../components/sre-form.tsx';
import type { SignedIn } from './report-page.tsx';
import type { SreIncident } from './sre-page.tsx';

export interface SreIncidentEvent {
  at: number;
  actor: string;
  type: string;
  message: string | null;
}

export interface SreIncidentPageProps {
  f: Formatter;
  cssHref: string;
  signedIn: SignedIn;
  incident: SreIncident;
  events: SreIncidentEvent[];
  priorities: readonly string[];
  saved: boolean;
  state?: FormState | undefined;
}

/** One incident for the support desk: its facts, its two clocks, its timeline, and the desk's four actions. */
export function SreIncidentPage(props: SreIncidentPageProps) {
  const { f, incident, state } = props;
  const csrf = props.signedIn.csrf;
  const base = `/sre/incidents/${incident.id}`;
  const title = f.t.incidentTitle(incident.id, incident.title);
  const facts = f.t.incidentFacts;
  const open = incident.resolvedAt === null;
  // A refusal of a form no longer shown (responded or resolved meanwhile) is shown at the top.
  const shown = state?.form === 'update' || (state?.form === 'respond' && incident.respondedAt === null) || ((state?.form === 'priority' || state?.form === 'resolve') && open);
  return (
    <Layout f={f} title={title} cssHref={props.cssHref} path={base} signedIn={props.signedIn}>
      <p>
        <a href="/sre">{f.t.backToConsole}</a>
      </p>
      <h1>
        <Text value={title} />
      </h1>
      {state && !shown ? <Problems f={f} problems={state.problems} /> : null}
      {props.saved ? (
        <p class="notice notice-ok" role="status">
          {f.t.saved}
        </p>
      ) : null}
      <section class="panel" aria-labelledby="facts-title">
        <h2 id="facts-title" class="visually-hidden">
          {f.t.incidentColumns.incident}
        </h2>
        <dl class="facts">
          <dt>{facts.state}</dt>
          <dd>{f.t.incidentState[incident.state] ?? incident.state}</dd>
          <dt>{facts.priority}</dt>
          <dd>{incident.priority}</dd>
          <dt>{facts.kind}</dt>
          <dd>{f.t.incidentKind[incident.kind] ?? incident.kind}</dd>
          <dt>{facts.channel}</dt>
          <dd>{f.t.incidentChannel[incident.channel] ?? incident.channel}</dd>
          <dt>{facts.environments}</dt>
          <dd>{incident.environments.join(', ') || f.t.noIncidentEnvironments}</dd>
          <dt>{facts.public}</dt>
          <dd>{incident.public ? f.t.yes : f.t.no}</dd>
          <dt>{facts.openedAt}</dt>
          <dd>{f.dateTime(incident.openedAt)}</dd>
          <dt>{facts.createdBy}</dt>
          <dd>
            <Text value={incident.createdBy} />
          </dd>
          {incident.externalRef === null ? null : (
            <>
              <dt>{facts.externalRef}</dt>
              <dd>
                <Text value={incident.externalRef} />
              </dd>
            </>
          )}
          <dt>{f.t.incidentColumns.response}</dt>
          <dd>
            <SupportClock f={f} dueAt={incident.responseDueAt} stoppedAt={incident.respondedAt} met={incident.status.responseMet} leftMs={incident.status.responseLeftMs} />
          </dd>
          <dt>{f.t.incidentColumns.resolution}</dt>
          <dd>
            <SupportClock f={f} dueAt={incident.resolutionDueAt} stoppedAt={incident.resolvedAt} met={incident.status.resolutionMet} leftMs={incident.status.resolutionLeftMs} />
          </dd>
        </dl>
      </section>

      <section class="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{f.t.timelineHeading}</h2>
        <ol class="timeline">
          {props.events.map((event) => (
            <li>
              <time datetime={f.iso(event.at)}>{f.dateTime(event.at)}</time> · <strong>{f.t.eventType[event.type] ?? event.type}</strong> · <Text value={event.actor} />
              {event.message === null ? null : (
                <p>
                  <Text value={event.message} />
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section class="panel" aria-labelledby="update-title">
        <h2 id="update-title">{f.t.postUpdateHeading}</h2>
        <FormProblems f={f} state={state} form="update" />
        <form method="post" action={`${base}/updates`} class="stacked">
          <input type="hidden" name="csrf" value={csrf} />
          <label for="u-message">{f.t.fieldMessage}</label>
          <textarea id="u-message" name="message" required maxlength={10000} aria-invalid={invalid(state, 'update', 'message')}>
            {value(state, 'update', 'message')}
          </textarea>
          <label class="checkbox">
            <input type="checkbox" name="monitoring" value="1" checked={checked(state, 'update', 'monitoring')} />
            {f.t.fieldMonitoring}
          </label>
          <button type="submit">{f.t.postUpdateButton}</button>
        </form>
      </section>

      {incident.respondedAt === null ? <ClockStopForm f={f} csrf={csrf} base={base} action="respond" heading={f.t.respondHeading} button={f.t.respondButton} state={state} /> : null}

      {open ? (
        <section class="panel" aria-labelledby="priority-title">
          <h2 id="priority-title">{f.t.priorityHeading}</h2>
          <FormProblems f={f} state={state} form="priority" />
          <form method="post" action={`${base}/priority`} class="stacked">
            <input type="hidden" name="csrf" value={csrf} />
            <label for="p-priority">{f.t.fieldNewPriority}</label>
            <RequiredSelect
              f={f}
              id="p-priority"
              name="priority"
              options={props.priorities.filter((priority) => priority !== incident.priority).map((priority) => ({ value: priority, label: priority }))}
              selected={value(state, 'priority', 'priority')}
              invalid={invalid(state, 'priority', 'priority')}
            />
            <label for="p-reason">{f.t.fieldPriorityReason}</label>
            <textarea id="p-reason" name="reason" required maxlength={10000} aria-invalid={invalid(state, 'priority', 'reason')}>
              {value(state, 'priority', 'reason')}
            </textarea>
            <button type="submit">{f.t.priorityButton}</button>
          </form>
        </section>
      ) : null}

      {open ? <ClockStopForm f={f} csrf={csrf} base={base} action="resolve" heading={f.t.resolveHeading} button={f.t.resolveButton} state={state} /> : null}
    </Layout>
  );
}

/** Recording the response or the resolution: a time (now when empty) and a message, as POST …/respond and …/resolve take them. */
function ClockStopForm(props: { f: Formatter; csrf: string; base: string; action: 'respond' | 'resolve'; heading: string; button: string; state: FormState | undefined }) {
  const { f, state, action } = props;
  return (
    <section class="panel" aria-labelledby={`${action}-title`}>
      <h2 id={`${action}-title`}>{props.heading}</h2>
      <FormProblems f={f} state={state} form={action} />
      <form method="post" action={`${props.base}/${action}`} class="stacked">
        <input type="hidden" name="csrf" value={props.csrf} />
        <label for={`${action}-at`}>
          {f.t.fieldAt} <span class="hint">{f.t.fieldTimeHint(f.timeZoneName)}</span>
        </label>
        <input id={`${action}-at`} name="at" type="datetime-local" value={localValue(state, action, 'at')} aria-invalid={invalid(state, action, 'at')} />
        <label for={`${action}-message`}>{f.t.fieldMessageOptional}</label>
        <textarea id={`${action}-message`} name="message" maxlength={10000} aria-invalid={invalid(state, action, 'message')}>
          {value(state, action, 'message')}
        </textarea>
        <button type="submit">{props.button}</button>
      </form>
    </section>
  );
}
