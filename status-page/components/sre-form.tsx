/** @jsxImportSource hono/jsx */
import { DateTime } from 'luxon';
import type { Formatter } from '../format.ts';
import type { FieldProblem } from '../../src/server/api-error.ts';
import { fieldLabelFr, problemMessageFr } from '../i18n/problems-fr.ts';
import { Text } from './safe-text.tsx';

// What every SRE form shares: the problems of a refused form, and what was typed, shown again.

/** Which form was sent, what was typed, and what was wrong, to show it again. */
export interface FormState {
  form: 'maintenance' | `cancel-${number}` | `exclude-${number}` | 'incident' | 'update' | 'respond' | 'priority' | 'resolve';
  values: Record<string, string | string[]>;
  problems: readonly FieldProblem[];
}

// The services name instants as the API writes them (UTC, to the millisecond); the console writes
// them as it writes every time, in the calendar's zone.
const API_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\b/g;

function withLocalTimes(f: Formatter, problem: FieldProblem): FieldProblem {
  return { ...problem, message: problem.message.replace(API_INSTANT, (instant) => f.dateTime(Date.parse(instant))) };
}

/** One refusal in the page's language: on the French side the field's label and a French message (or the English one, marked so). */
function Problem(props: { f: Formatter; problem: FieldProblem }) {
  const f = props.f;
  const problem = withLocalTimes(f, props.problem);
  if (f.language !== 'fr') {
    return (
      <li>
        <strong>{problem.field}</strong>
        {f.t.colon}
        {problem.message}
      </li>
    );
  }
  const french = problemMessageFr(problem.message);
  return (
    <li>
      <strong>{fieldLabelFr(problem.field)}</strong>
      {f.t.colon}
      {french ?? <span lang="en">{problem.message}</span>}
    </li>
  );
}

export function Problems(props: { f: Formatter; problems: readonly FieldProblem[] }) {
  if (props.problems.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p>{props.f.t.formErrors}</p>
      <ul>
        {props.problems.map((problem) => (
          <Problem f={props.f} problem={problem} />
        ))}
      </ul>
    </div>
  );
}

/** The problems of `form`, when it is the one that was refused. */
export function FormProblems(props: { f: Formatter; state: FormState | undefined; form: FormState['form'] }) {
  return props.state?.form === props.form ? <Problems f={props.f} problems={props.state.problems} /> : null;
}

export function value(state: FormState | undefined, form: FormState['form'], field: string): string {
  if (!state || state.form !== form) return '';
  const found = state.values[field];
  return typeof found === 'string' ? found : '';
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * What was typed in a `datetime-local` field, only when it is a local date and time the field
 * can hold: anything else (sent by a script or an old browser) would make the page invalid
 * HTML, and the problem list already names the field.
 */
export function localValue(state: FormState | undefined, form: FormState['form'], field: string): string {
  const typed = value(state, form, field);
  return LOCAL.test(typed) && DateTime.fromISO(typed, { zone: 'UTC' }).isValid ? typed : '';
}

export function checked(state: FormState | undefined, form: FormState['form'], field: string): boolean {
  return state?.form === form && state.values[field] !== undefined;
}

export function invalid(state: FormState | undefined, form: FormState['form'], field: string): 'true' | undefined {
  return state?.form === form && state.problems.some((problem) => problem.field === field || problem.field.startsWith(`${field}[`)) ? 'true' : undefined;
}

/** A required choice: the first option is an empty placeholder, so nothing is chosen for the user. */
export function RequiredSelect(props: {
  f: Formatter;
  id: string;
  name: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  selected: string;
  invalid: 'true' | undefined;
  required?: boolean;
}) {
  return (
    <select id={props.id} name={props.name} required={props.required ?? true} aria-invalid={props.invalid}>
      <option value="">{props.f.t.choosePlaceholder}</option>
      {props.options.map((option) => (
        <option value={option.value} selected={props.selected === option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** The environments a form applies to, one checkbox each, those typed before checked again. */
export function EnvironmentChoice(props: { f: Formatter; environments: ReadonlyArray<{ id: string; name: string }>; state: FormState | undefined; form: FormState['form'] }) {
  const typed = props.state?.form === props.form ? props.state.values.environments : undefined;
  const chosen = typed === undefined ? [] : Array.isArray(typed) ? typed : [typed];
  return (
    <fieldset>
      <legend>{props.f.t.fieldEnvironments}</legend>
      {props.environments.map((environment) => (
        <label class="checkbox">
          <input type="checkbox" name="environments" value={environment.id} checked={chosen.includes(environment.id)} />
          <Text value={environment.name} /> ({environment.id})
        </label>
      ))}
    </fieldset>
  );
}
