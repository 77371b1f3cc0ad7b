import type { Config } from './types.ts';

/**
 * The local address the configuration says a location's probes leave from
 * (`probe.sourceAddress`: one for every location, or one per location by name); undefined when
 * it says none, and the system chooses. `--source-address` wins over it.
 */
export function sourceAddressOf(config: Pick<Config, 'probe'>, location: string): string | undefined {
  const given = config.probe.sourceAddress;
  return typeof given === 'string' ? given : given?.[location];
}
