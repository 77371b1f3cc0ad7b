// Durations in configuration are written as a number and a unit (`800ms`, `30s`, `5m`, `1h`, `2d`):
// readable in YAML and impossible to confuse with seconds-vs-milliseconds integers.
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

export function parseDuration(text: string): DurationResult {
  const match = DURATION.exec(text.trim());
  if (!match) {
    return { ok: false, message: `"${text}" is not a duration; write a number and a unit: 800ms, 30s, 5m, 1h or 2d` };
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!Number.isInteger(ms)) return { ok: false, message: `"${text}" is not a whole number of milliseconds` };
  return { ok: true, ms };
}

/** The shortest exact spelling of a duration, for messages and the sample configuration. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
