/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { ReportView } from '../../src/web/report/report-view.ts';
import { PRIORITIES } from '../../src/config/types.ts';
import { Layout } from '../components/layout.tsx';
import { ReportEnvironment } from '../components/report-environment.tsx';
import { TableScroll } from '../components/table-scroll.tsx';

export interface SignedIn {
  name: string;
  role: string;
  csrf: string;
}

/** /reports/YYYY-MM: the monthly report for management, printable on one page. */
export function ReportPage(props: { f: Formatter; view: ReportView; cssHref: string; signedIn: SignedIn | undefined; canOperate: boolean }) {
  const { f, view } = props;
  const { report } = view;
  const monthName = f.month(report.month);
  return (
    <Layout f={f} title={f.t.reportTitle(monthName)} cssHref={props.cssHref} path={`/reports/${report.month}`} signedIn={props.signedIn}>
      <div class="report-head">
        <h1>{f.t.reportTitle(monthName)}</h1>
        <nav class="month-nav" aria-label={f.t.reportNav}>
          <a href={`/reports/${view.previousMonth}`} rel="prev">
            ← {f.t.previousMonth}
          </a>
          {view.nextMonth ? (
            <a href={`/reports/${view.nextMonth}`} rel="next">
              {f.t.nextMonth} →
            </a>
          ) : null}
          <a href={`/api/v1/reports/monthly.csv?month=${report.month}`} download={`veille-${report.month}.csv`}>
            {f.t.exportCsv}
          </a>
          {props.canOperate ? <a href="/sre">{f.t.sreHeading}</a> : null}
        </nav>
      </div>
      <p class="report-notes">
        {report.complete ? f.t.reportComplete : f.t.reportIncomplete} {f.t.reportTarget(f.number(report.target, report.target % 1 === 0 ? 0 : 2))}.{' '}
        {f.t.reportMinutesNote} {f.t.timesIn(f.timeZoneName)}
      </p>
      <p class="report-notes no-print">{f.t.printHint}</p>
      {report.environments.length === 0 ? <p class="empty">{f.t.noProduction}</p> : null}
      {report.environments.map((figure, index) => (
        <ReportEnvironment
          f={f}
          figure={figure}
          exclusions={view.exclusions.get(figure.id) ?? []}
          trend={view.trend.get(figure.id) ?? []}
          target={report.target}
          coverageMinimum={report.coverageMinimum}
          index={index}
        />
      ))}
      <section class="panel" aria-labelledby="incident-block">
        <h2 id="incident-block">{f.t.incidentBlockHeading}</h2>
        <TableScroll label={f.t.incidentBlockHeading}>
          <table>
            <thead>
              <tr>
                <th scope="col">{f.t.priority}</th>
                <th scope="col" class="num">
                  {f.t.incidentCount}
                </th>
                <th scope="col" class="num">
                  {f.t.responseMet}
                </th>
                <th scope="col" class="num">
                  {f.t.resolutionMet}
                </th>
              </tr>
            </thead>
            <tbody>
              {PRIORITIES.map((priority) => {
                const block = report.incidents[priority] ?? { count: 0, responseMet: 0, resolutionMet: 0 };
                return (
                  <tr>
                    <th scope="row">{priority}</th>
                    <td class="num">{f.number(block.count, 0)}</td>
                    <td class="num">{f.number(block.responseMet, 0)}</td>
                    <td class="num">{f.number(block.resolutionMet, 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </Layout>
  );
}
