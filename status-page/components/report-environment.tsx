/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { EnvironmentFigure } from '../../src/sla/types.ts';
import type { Exclusion } from '../../src/exclusions/exclusion-store.ts';
import type { TrendPoint } from '../../src/web/report/report-view.ts';
import { Text, cleanText } from './safe-text.tsx';
import { TableScroll } from './table-scroll.tsx';
import { TrendChart } from './trend-chart.tsx';
import { CoverageWarning, VerdictText, coverageText } from './verdict.tsx';
import { BUDGET_PARTS, DURATION_PARTS } from '../../src/reports/figure-parts.ts';
import { shownAvailability, shownMinutes } from '../../src/reports/shown-figures.ts';

const MINUTE_FIGURES = [...DURATION_PARTS, ...BUDGET_PARTS] as const;

export function ReportEnvironment(props: { f: Formatter; figure: EnvironmentFigure; exclusions: readonly Exclusion[]; trend: readonly TrendPoint[]; target: number; coverageMinimum: number; index: number }) {
  const { f, figure } = props;
  const availability = shownAvailability(figure, props.target);
  const id = `report-env-${props.index}`;
  return (
    <section class="panel report-env" aria-labelledby={id}>
      <h2 id={id}>
        <Text value={figure.name} /> <span class="tag">{figure.id}</span>
      </h2>
      <CoverageWarning f={f} facts={figure} minimum={props.coverageMinimum} />
      <div class="report-columns">
      <TableScroll label={cleanText(figure.name)}>
        <table class="figure-table">
          <caption class="visually-hidden">{cleanText(figure.name)}</caption>
          <thead>
            <tr>
              <th scope="col">{f.t.figureValue}</th>
              <th scope="col" class="num">
                {f.t.minutesUnit}
              </th>
            </tr>
          </thead>
          <tbody>
            {MINUTE_FIGURES.map((key) => (
              <tr>
                <th scope="row">{f.t.figure[key]}</th>
                <td class="num">{f.number(shownMinutes(figure[key], key).value, 3)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{f.t.figure.availability}</th>
              <td class="num">
                <strong>{f.number(availability.value, availability.decimals)} %</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">{f.t.verdict}</th>
              <td class="num">
                <VerdictText f={f} verdict={figure.verdict} />
              </td>
            </tr>
            <tr>
              <th scope="row">{f.t.coverageLabel}</th>
              <td class="num">{coverageText(f, figure, props.coverageMinimum)}</td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <div>
      <h3>{f.t.exclusionReasonsHeading}</h3>
      {props.exclusions.length === 0 ? (
        <p class="empty">{f.t.noExclusions}</p>
      ) : (
        <TableScroll label={`${f.t.exclusionReasonsHeading} — ${cleanText(figure.name)}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">{f.t.exclusionColumns.reason}</th>
                <th scope="col">{f.t.exclusionColumns.justification}</th>
                <th scope="col">{f.t.exclusionColumns.period}</th>
                <th scope="col">{f.t.exclusionColumns.by}</th>
              </tr>
            </thead>
            <tbody>
              {props.exclusions.map((exclusion) => (
                <tr>
                  <td>
                    {f.t.exclusionReason[exclusion.reason]}
                    {exclusion.revokedAt !== null ? <span class="tag"> {f.t.exclusionColumns.revoked}</span> : null}
                  </td>
                  <td>
                    <Text value={exclusion.justification} />
                  </td>
                  <td>
                    {f.dateTime(exclusion.start)} – {exclusion.end === null ? f.t.outageOpen : f.dateTime(exclusion.end)}
                  </td>
                  <td>
                    <Text value={exclusion.createdBy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>{f.t.trendHeading}</h3>
      <TrendChart f={f} name={cleanText(figure.name)} points={props.trend} target={props.target} />
      </div>
      </div>
    </section>
  );
}
