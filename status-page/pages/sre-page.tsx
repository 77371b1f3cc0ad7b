/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { FieldProblem } from '../../src/server/api-error.ts';
import { Layout } from '../components/layout.tsx';
import { Text } from '../components/safe-text.tsx';
import type { SignedIn } from './report-page.tsx';

export interface SreWindow {
  id: number;
  environments: string[];
  start: number;
  end: number;
  impact: string;
  status: string;
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

/** Which form was sent, what was typed, and what was wrong, to show it again. */
export interface FormState {
  form: 'maintenance' | `cancel-${number}` | `exclude-${number}`;
  values: Record<string, string | string[]>;
  problems: readonly FieldProblem[];
}

export interface SrePageProps {
  f: Formatter;
  cssHref: string;
  signedIn: SignedIn;
  environments: Array<{ id: string; name: string }>;
  windows: SreWindow[];
  outages: SreOutage[];
  reasons: readonly string[];
  saved: boolean;
  state?: FormState | undefined;
}

function Problems(props: { f: Formatter; problems: readonly FieldProblem[] }) {
  if (props.problems.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p>{props.f.t.formErrors}</p>
      <ul>
        {props.problems.map((problem) => (
          <li>
            <strong>{problem.field}</strong>
            {props.f.t.colon}
            {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function value(state: FormState | undefined, form: FormState['form'], field: string): string {
  if (!state || state.form !== form) return '';
  const found = state.values[field];
  return typeof found === 'string' ? found : '';
}

function invalid(state: FormState | undefined, form: FormState['form'], field: string): 'true' | undefined {
  return state?.form === form && state.problems.some((problem) => problem.field === field || problem.field.startsWith(`${field}[`)) ? 'true' : undefined;
}

export function SrePage(props: SrePageProps) {
  const { f, state } = props;
  const csrf = props.signedIn.csrf;
  const chosen = state?.form === 'maintenance' && Array.isArray(state.values.environments) ? state.values.environments : [];
  const zoneHint = f.t.fieldTimeHint(f.timeZone);
  // Problems of a form whose item is no longer listed (a window or outage that does not exist) are shown at the top.
  const placed =
    !state ||
    state.form === 'maintenance' ||
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

      <section class="panel" aria-labelledby="register-title">
        <h2 id="register-title">{f.t.registerMaintenance}</h2>
        {state?.form === 'maintenance' ? <Problems f={f} problems={state.problems} /> : null}
        <form method="post" action="/sre/maintenance" class="stacked">
          <input type="hidden" name="csrf" value={csrf} />
          <fieldset>
            <legend>{f.t.fieldEnvironments}</legend>
            {props.environments.map((environment) => (
              <label class="checkbox">
                <input type="checkbox" name="environments" value={environment.id} checked={chosen.includes(environment.id)} />
                <Text value={environment.name} /> ({environment.id})
              </label>
            ))}
          </fieldset>
          <label for="m-start">
            {f.t.fieldStart} <span class="hint">{zoneHint}</span>
          </label>
          <input id="m-start" name="start" type="datetime-local" required value={value(state, 'maintenance', 'start')} aria-invalid={invalid(state, 'maintenance', 'start')} />
          <label for="m-end">
            {f.t.fieldEnd} <span class="hint">{zoneHint}</span>
          </label>
          <input id="m-end" name="end" type="datetime-local" required value={value(state, 'maintenance', 'end')} aria-invalid={invalid(state, 'maintenance', 'end')} />
          <label for="m-impact">{f.t.fieldImpact}</label>
          <textarea id="m-impact" name="impact" required maxlength={10000} aria-invalid={invalid(state, 'maintenance', 'impact')}>
            {value(state, 'maintenance', 'impact')}
          </textarea>
          <label for="m-notice">
            {f.t.fieldNoticeSentAt} <span class="hint">{zoneHint}</span>
          </label>
          <input id="m-notice" name="noticeSentAt" type="datetime-local" value={value(state, 'maintenance', 'noticeSentAt')} aria-invalid={invalid(state, 'maintenance', 'noticeSentAt')} />
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
              {state?.form === form ? <Problems f={f} problems={state.problems} /> : null}
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
                {outage.source}
                {outage.exclusions.length > 0
                  ? ` · ${outage.exclusions.map((exclusion) => `${f.t.exclusionReason[exclusion.reason] ?? exclusion.reason}${exclusion.revoked ? ` (${f.t.exclusionColumns.revoked})` : ''}`).join(', ')}`
                  : null}
              </p>
              <details open={state?.form === form}>
                <summary>{f.t.classifyOutage}</summary>
                {state?.form === form ? <Problems f={f} problems={state.problems} /> : null}
                <form method="post" action={`/sre/outages/${outage.id}/exclusions`} class="stacked">
                  <input type="hidden" name="csrf" value={csrf} />
                  <label for={`x-reason-${outage.id}`}>{f.t.fieldReason}</label>
                  <select id={`x-reason-${outage.id}`} name="reason" required aria-invalid={invalid(state, form, 'reason')}>
                    {props.reasons.map((reason) => (
                      <option value={reason} selected={value(state, form, 'reason') === reason}>
                        {f.t.exclusionReason[reason] ?? reason}
                      </option>
                    ))}
                  </select>
                  <label for={`x-just-${outage.id}`}>{f.t.fieldJustification}</label>
                  <textarea id={`x-just-${outage.id}`} name="justification" required aria-invalid={invalid(state, form, 'justification')}>
                    {value(state, form, 'justification')}
                  </textarea>
                  <label for={`x-start-${outage.id}`}>
                    {f.t.fieldPartStart} <span class="hint">{zoneHint}</span>
                  </label>
                  <input id={`x-start-${outage.id}`} name="start" type="datetime-local" value={value(state, form, 'start')} aria-invalid={invalid(state, form, 'start')} />
                  <label for={`x-end-${outage.id}`}>
                    {f.t.fieldPartEnd} <span class="hint">{zoneHint}</span>
                  </label>
                  <input id={`x-end-${outage.id}`} name="end" type="datetime-local" value={value(state, form, 'end')} aria-invalid={invalid(state, form, 'end')} />
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
