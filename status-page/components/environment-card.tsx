/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { CheckLabel, PublicEnvironment, PublicMonth } from '../../src/web/public-view/types.ts';
import { shownAvailability, shownOverrun } from '../../src/reports/shown-figures.ts';
import { featureName } from '../i18n/public-names.ts';
import { DailyBars } from './daily-bars.tsx';
import { CoverageWarning, VerdictText, coverageText } from './verdict.tsx';
import { Text, cleanText } from './safe-text.tsx';
import { CheckStateBadge, EnvironmentStateBadge } from './state-badge.tsx';

export function checkLabelText(f: Formatter, label: CheckLabel): string {
  const base = label.kind === 'feature' ? featureName(f.t, label.feature) : f.t.checkKind[label.kind];
  return cleanText(label.ordinal === null ? base : `${base} ${label.ordinal}`);
}

function MonthFigure(props: { f: Formatter; month: PublicMonth }) {
  const { f, month } = props;
  const overrun = month.budgetLeftMs < 0;
  const availability = shownAvailability(month, month.target);
  const over = shownOverrun(-month.budgetLeftMs);
  return (
    <div class="month">
      <h4 class="month-title">
        {f.t.monthHeading(f.month(month.month))}
        {month.complete ? null : <span class="month-note"> ({f.t.monthInProgress})</span>}
      </h4>
      <dl class="figures">
        <div>
          <dt>{f.t.availabilityLabel}</dt>
          <dd class="figure-main">{f.number(availability.value, availability.decimals)} %</dd>
        </div>
        <div>
          <dt>{f.t.targetLabel}</dt>
          <dd>
            {f.number(month.target, month.target % 1 === 0 ? 0 : 2)} %{' '}
            <VerdictText f={f} verdict={month.verdict} />
          </dd>
        </div>
        <div>
          <dt>{f.t.coverageLabel}</dt>
          <dd>{coverageText(f, month, month.coverageMinimum)}</dd>
        </div>
        <div>
          <dt>{f.t.budgetLeftLabel}</dt>
          <dd>
            {overrun ? f.t.budgetOverrun(`${f.number(over.value, over.decimals)}\u00a0${over.unit}`) : f.t.budgetLeftValue(f.minutes(month.budgetLeftMs, 1), f.minutes(month.budgetMs, 1))}
          </dd>
        </div>
      </dl>
      <CoverageWarning f={f} facts={month} minimum={month.coverageMinimum} />
    </div>
  );
}

export function EnvironmentCard(props: { f: Formatter; environment: PublicEnvironment; index: number }) {
  const { f, environment } = props;
  const idPrefix = `env-${props.index}`;
  return (
    <section class="env" aria-labelledby={`${idPrefix}-name`}>
      <div class="env-head">
        <h3 class="env-name" id={`${idPrefix}-name`}>
          <Text value={environment.name} />
        </h3>
        <EnvironmentStateBadge f={f} state={environment.state} />
      </div>
      <table class="checks">
        <caption class="visually-hidden">{f.t.checksHeading(cleanText(environment.name))}</caption>
        <thead>
          <tr>
            <th scope="col">{f.t.componentColumn}</th>
            <th scope="col">{f.t.stateColumn}</th>
            <th scope="col" class="num">
              {f.t.latencyColumn}
            </th>
          </tr>
        </thead>
        <tbody>
          {environment.checks.map((check) => (
            <tr>
              <th scope="row">
                <bdi>{checkLabelText(f, check.label)}</bdi>
              </th>
              <td>
                <CheckStateBadge f={f} state={check.state} />
              </td>
              <td class="num">{check.latencyMs === null ? f.t.noLatency : f.t.latencyValue(f.number(check.latencyMs, 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DailyBars f={f} name={environment.name} days={environment.days} idPrefix={idPrefix} />
      {environment.month ? <MonthFigure f={f} month={environment.month} /> : null}
    </section>
  );
}
