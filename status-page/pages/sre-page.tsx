/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { DeadlineStatus } from '../../src/incidents/deadlines.ts';
import type { NoticeState } from '../../src/maintenance/notice-state.ts';
import { Layout } from '../components/layout.tsx';
import { Text, cleanText } from '../components/safe-text.tsx';
import { EnvironmentChoice, FormProblems, Problems, RequiredSelect, checked, invalid, localValue, value, type FormState } from '../components/sre-form.tsx';
import { IncidentTable, OpenIncidentForm, type IncidentChoices } from '../components/sre-incidents.tsx';
import type { SignedIn } from './report-page.tsx';

export type { FormState } from '../components/sre-form.tsx';

export interface SreWindow {
  id: number;
  environments: string[];
  start: number;
  end: number;
  impact: string;
  status: string;
  notice: NoticeState;
}

export interface SreIncident {
  id: number;
  title: string;
  priority: string;
  kind: string;
  channel: string;
  public: boolean;
  environments: string[];
  openedAt: number;
  externalRef: string | null;
  createdBy: string;
  state: 'open' | 'responded' | 'resolved';
  responseDueAt: number;
  resolutionDueAt: number | null;
  respondedAt: number | null;
  resolvedAt: number | null;
  status: DeadlineStatus;
}

export interface SreOutage {
  id: number;
  environment: string;
  checkId: string;
  start: number;
  end: number | null;
  source: string;
  exclusions: Array<{ reason: string; revoked: boolean }>;
}

export interface SrePageProps {
  f: Formatter;
  cssHref: string;
  signedIn: SignedIn;
  environments: Array<{ id: string; name: string }>;
  windows: SreWindow[];
  outages: SreOutage[];
  openIncidents: SreIncident[];
  resolvedIncidents: SreIncident[];
  incidentChoices: IncidentChoices;
  reasons: readonly string[];
  saved: boolean;
  state?: FormState | undefined;
}

export function SrePage(props: SrePageProps) {
  const { f, state } = props;
  const csrf = props.signedIn.csrf;
  const zoneHint = f.t.fieldTimeHint(f.timeZoneName);
  // Problems of a form whose item is no longer listed (a window or outage that does not exist) are shown at the top.
  const placed =
    !state ||
    state.form === 'maintenance' ||
    state.form === 'incident' ||
    props.windows.some((window) => state.form === `cancel-${window.id}`) ||
    props.outages.some((outage) => state.form === `exclude-${outage.id}`);
  return (
    <Layout f={f} title={f.t.sreHeading} cssHref={props.cssHref} path="/sre" signedIn={props.signedIn}>
      <h1>{f.t.sreHeading}</h1>
      {placed ? null : <Problems f={f} problems={state!.problems} />}
      {props.saved ? (
        <p class="notice notice-ok" role="status">
          {f.t.saved}
        </p>
      ) : null}

      <section class="panel" aria-labelledby="incidents-title">
        <h2 id="incidents-title">{f.t.incidentsSreHeading}</h2>
        <OpenIncidentForm f={f} csrf={csrf} state={state} environments={props.environments} choices={props.incidentChoices} />
        <h3>{f.t.openIncidentsSre}</h3>
        <IncidentTable f={f} label={f.t.openIncidentsSre} incidents={props.openIncidents} />
        <h3>{f.t.resolvedIncidentsSre}</h3>
        <IncidentTable f={f} label={f.t.resolvedIncidentsSre} incidents={props.resolvedIncidents} />
      </section>

      <section class="panel" aria-labelledby="register-title">
        <h2 id="register-title">{f.t.registerMaintenance}</h2>
        <FormProblems f={f} state={state} form="maintenance" />
        <form method="post" action="/sre/maintenance" class="stacked">
          <input type="hidden" name="csrf" value={csrf} />
          <EnvironmentChoice f={f} environments={props.environments} state={state} form="maintenance" />
          <label for="m-start">
            {f.t.fieldStart} <span class="hint">{zoneHint}</span>
          </label>
          <input id="m-start" name="start" type="datetime-local" required value={localValue(state, 'maintenance', 'start')} aria-invalid={invalid(state, 'maintenance', 'start')} />
          <label for="m-end">
            {f.t.fieldEnd} <span class="hint">{zoneHint}</span>
          </label>
          <input id="m-end" name="end" type="datetime-local" required value={localValue(state, 'maintenance', 'end')} aria-invalid={invalid(state, 'maintenance', 'end')} />
          <label for="m-impact">{f.t.fieldImpact}</label>
          <textarea id="m-impact" name="impact" required maxlength={10000} aria-invalid={invalid(state, 'maintenance', 'impact')}>
            {value(state, 'maintenance', 'impact')}
          </textarea>
          <label class="checkbox">
            <input type="checkbox" name="notify" value="1" checked={checked(state, 'maintenance', 'notify')} aria-describedby="m-notify-hint" />
            {f.t.fieldNotify}
          </label>
          <p class="hint" id="m-notify-hint">
            {f.t.notifyHint}
          </p>
          <label for="m-notice">
            {f.t.fieldNoticeSentAt} <span class="hint">{zoneHint}</span>
          </label>
          <input id="m-notice" name="noticeSentAt" type="datetime-local" value={localValue(state, 'maintenance', 'noticeSentAt')} aria-invalid={invalid(state, 'maintenance', 'noticeSentAt')} />
          <label for="m-notice-ref">{f.t.fieldNoticeRef}</label>
          <input id="m-notice-ref" name="noticeRef" type="text" value={value(state, 'maintenance', 'noticeRef')} aria-invalid={invalid(state, 'maintenance', 'noticeRef')} />
          <button type="submit">{f.t.registerButton}</button>
        </form>
      </section>

      <section class="panel" aria-labelledby="windows-title">
        <h2 id="windows-title">{f.t.windowsHeading}</h2>
        {props.windows.length === 0 ? <p class="empty">{f.t.noWindows}</p> : null}
        {props.windows.map((window) => {
          const form = `cancel-${window.id}` as const;
          return (
            <div class="sre-item" id={`window-${window.id}`}>
              <p>
                <strong>#{window.id}</strong> {window.environments.join(', ')} — {f.dateTime(window.start)} – {f.dateTime(window.end)} ({f.duration(window.end - window.start)})
              </p>
              <p>
                <Text value={window.impact} />
              </p>
              <p>
                {f.t.noticeHeading}
                {f.t.colon}
                <NoticeText f={f} notice={window.notice} />
              </p>
              <FormProblems f={f} state={state} form={form} />
              <form method="post" action={`/sre/maintenance/${window.id}/cancel`} class="stacked">
                <input type="hidden" name="csrf" value={csrf} />
                <label for={`cancel-reason-${window.id}`}>{f.t.cancelReason}</label>
                <input id={`cancel-reason-${window.id}`} name="reason" type="text" required value={value(state, form, 'reason')} aria-invalid={invalid(state, form, 'reason')} />
                <button type="submit" class="button-secondary">
                  {f.t.cancelMaintenance} #{window.id}
                </button>
              </form>
            </div>
          );
        })}
      </section>

      <section class="panel" aria-labelledby="outages-title">
        <h2 id="outages-title">{f.t.outagesHeading}</h2>
        {props.outages.length === 0 ? <p class="empty">{f.t.noOutages}</p> : null}
        {props.outages.map((outage) => {
          const form = `exclude-${outage.id}` as const;
          return (
            <div class="sre-item" id={`outage-${outage.id}`}>
              <p>
                <strong>#{outage.id}</strong> {outage.environment} · {outage.checkId} · {f.dateTime(outage.start)} – {outage.end === null ? f.t.outageOpen : f.dateTime(outage.end)} ·{' '}
                {f.t.outageSource[outage.source] ?? outage.source}
                {outage.exclusions.length > 0
                  ? ` · ${outage.exclusions.map((exclusion) => `${f.t.exclusionReason[exclusion.reason] ?? exclusion.reason}${exclusion.revoked ? ` (${f.t.exclusionColumns.revoked})` : ''}`).join(', ')}`
                  : null}
              </p>
              <details open={state?.form === form}>
                <summary>{f.t.classifyOutage}</summary>
                <FormProblems f={f} state={state} form={form} />
                <form method="post" action={`/sre/outages/${outage.id}/exclusions`} class="stacked">
                  <input type="hidden" name="csrf" value={csrf} />
                  <label for={`x-reason-${outage.id}`}>{f.t.fieldReason}</label>
                  <RequiredSelect
                    f={f}
                    id={`x-reason-${outage.id}`}
                    name="reason"
                    options={props.reasons.map((reason) => ({ value: reason, label: f.t.exclusionReason[reason] ?? reason }))}
                    selected={value(state, form, 'reason')}
                    invalid={invalid(state, form, 'reason')}
                  />
                  <label for={`x-just-${outage.id}`}>{f.t.fieldJustification}</label>
                  <textarea id={`x-just-${outage.id}`} name="justification" required aria-invalid={invalid(state, form, 'justification')}>
                    {value(state, form, 'justification')}
                  </textarea>
                  <label for={`x-start-${outage.id}`}>
                    {f.t.fieldPartStart} <span class="hint">{zoneHint}</span>
                  </label>
                  <input id={`x-start-${outage.id}`} name="start" type="datetime-local" value={localValue(state, form, 'start')} aria-invalid={invalid(state, form, 'start')} />
                  <label for={`x-end-${outage.id}`}>
                    {f.t.fieldPartEnd} <span class="hint">{zoneHint}</span>
                  </label>
                  <input id={`x-end-${outage.id}`} name="end" type="datetime-local" value={localValue(state, form, 'end')} aria-invalid={invalid(state, form, 'end')} />
                  <button type="submit">{f.t.classifyButton}</button>
                </form>
              </details>
            </div>
          );
        })}
      </section>
    </Layout>
  );
}

/** How a window's current times were announced to its clients. */
function NoticeText(props: { f: Formatter; notice: NoticeState }) {
  const { f, notice } = props;
  const says = f.t.noticeState;
  switch (notice.kind) {
    case 'emailed':
      return <span>{says.emailed(f.dateTime(notice.at))}</span>;
    case 'pending':
      return <strong>{says.pending}</strong>;
    case 'recorded':
      return <span>{says.recorded(f.dateTime(notice.at), cleanText(notice.ref))}</span>;
    case 'none':
      return <span>{says.none(f.dateTime(notice.at))}</span>;
  }
}
