/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { PublicSnapshot } from '../../src/web/public-view/types.ts';
import { PageLegend } from '../components/daily-bars.tsx';
import { EnvironmentCard } from '../components/environment-card.tsx';
import { IncidentList } from '../components/incident-list.tsx';
import { Layout } from '../components/layout.tsx';
import { MaintenanceList } from '../components/maintenance-list.tsx';
import { StatusBanner } from '../components/status-banner.tsx';

/** GET /: the public status page, complete without JavaScript. */
export function StatusPage(props: { f: Formatter; snapshot: PublicSnapshot; cssHref: string }) {
  const { f, snapshot } = props;
  return (
    <Layout
      f={f}
      title={`${f.t.overall[snapshot.overall]} — ${f.t.siteTitle}`}
      cssHref={props.cssHref}
      path="/"
      footer={
        <>
          <p>
            {f.t.timesIn(f.timeZoneName)} {f.t.javascriptNotNeeded}
          </p>
          <p class="footer-links">
            <a href="/feed.atom">{f.t.feedLink}</a> · <a href="/api/v2/summary.json">{f.t.apiLink}</a> · <a href="/reports">{f.t.managementLink}</a>
          </p>
        </>
      }
    >
      <StatusBanner f={f} state={snapshot.overall} updatedAt={snapshot.generatedAt} />
      <MaintenanceList f={f} current={snapshot.maintenance.current} upcoming={snapshot.maintenance.upcoming} />
      <section aria-labelledby="environments-title">
        <h2 id="environments-title" class="section-title">
          {f.t.environmentsHeading}
        </h2>
        {snapshot.environments.length === 0 ? <p class="empty">{f.t.noEnvironments}</p> : <PageLegend f={f} days={snapshot.environments.flatMap((environment) => environment.days)} />}
        {snapshot.environments.map((environment, index) => (
          <EnvironmentCard f={f} environment={environment} index={index} />
        ))}
      </section>
      <IncidentList f={f} open={snapshot.incidents.open} recent={snapshot.incidents.recent} />
    </Layout>
  );
}
