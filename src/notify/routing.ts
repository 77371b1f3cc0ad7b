import type { ChannelConfig, Config } from '../config/types.ts';

/**
 * The team channels an alert about these environments goes to: the union of each
 * environment's route (or the default route for environments without one). An alert about
 * no environment in particular goes to the default route.
 */
export function channelsFor(config: Config, environmentIds: readonly string[], options: { duringMaintenance?: boolean } = {}): ChannelConfig[] {
  const { routing, channels } = config.notifications;
  // An outage inside announced maintenance is expected: routing.maintenance may send it elsewhere, or nowhere ([]).
  const ids =
    options.duringMaintenance && routing.maintenance !== null
      ? routing.maintenance
      : environmentIds.length === 0
        ? [...routing.default]
        : environmentIds.flatMap((envId) => routing.environments[envId] ?? routing.default);
  return [...new Set(ids)].map((id) => channels[id]).filter((channel): channel is ChannelConfig => channel !== undefined);
}
