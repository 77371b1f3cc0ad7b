/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { PublicWindow } from '../../src/web/public-view/types.ts';
import { Text } from './safe-text.tsx';

function WindowItem(props: { f: Formatter; window: PublicWindow }) {
  const { f, window } = props;
  return (
    <li class="window" id={`maintenance-${window.id}`}>
      <p class="window-envs">
        <span class="visually-hidden">{f.t.maintenanceEnvironments}{f.t.colon}</span>
        {window.environments.map((environment, k) => (
          <>
            {k > 0 ? ', ' : ''}
            <Text value={environment.name} />
          </>
        ))}
      </p>
      <dl class="window-facts">
        <div>
          <dt>{f.t.maintenanceWhen}</dt>
          <dd>
            <time datetime={f.iso(window.start)}>{f.dateTime(window.start)}</time> – <time datetime={f.iso(window.end)}>{f.dateTime(window.end)}</time>
          </dd>
        </div>
        <div>
          <dt>{f.t.maintenanceDuration}</dt>
          <dd>{f.duration(window.end - window.start)}</dd>
        </div>
        <div>
          <dt>{f.t.maintenanceNotice}</dt>
          <dd>{window.noticeSentAt === null ? f.t.noticePending : <time datetime={f.iso(window.noticeSentAt)}>{f.dateTime(window.noticeSentAt)}</time>}</dd>
        </div>
        <div class="fact-wide">
          <dt>{f.t.maintenanceImpact}</dt>
          <dd class="window-impact">
            <Text value={window.impact} />
          </dd>
        </div>
      </dl>
    </li>
  );
}

export function MaintenanceList(props: { f: Formatter; current: readonly PublicWindow[]; upcoming: readonly PublicWindow[] }) {
  const { f } = props;
  return (
    <section class="panel" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">{f.t.maintenanceHeading}</h2>
      {props.current.length === 0 && props.upcoming.length === 0 ? <p class="empty">{f.t.noMaintenance}</p> : null}
      {props.current.length > 0 ? (
        <>
          <h3>{f.t.currentMaintenance}</h3>
          <ul class="windows">
            {props.current.map((window) => (
              <WindowItem f={f} window={window} />
            ))}
          </ul>
        </>
      ) : null}
      {props.upcoming.length > 0 ? (
        <>
          <h3>{f.t.upcomingMaintenance}</h3>
          <ul class="windows">
            {props.upcoming.map((window) => (
              <WindowItem f={f} window={window} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
