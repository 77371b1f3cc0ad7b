import type { CheckConfig } from '../../config/types.ts';
import type { CheckLabel } from './types.ts';

// Check ids and URLs are private (they name hosts and clients), so the public page names a
// check by what it stands for: the application (HTTP), a database or other network service
// (TCP), or the product feature a feature check exercises. Two checks of the same kind in
// one environment are numbered.

const DATABASE_PORTS = new Set(['1433', '1521', '3306', '5432', '6379', '9042', '27017']);

function baseLabel(check: CheckConfig): CheckLabel {
  if (check.role === 'feature' && check.feature) return { kind: 'feature', feature: check.feature, ordinal: null };
  if (check.kind === 'tcp') {
    const port = /:(\d+)\/?$/.exec(check.url)?.[1] ?? '';
    return { kind: DATABASE_PORTS.has(port) ? 'database' : 'service', ordinal: null };
  }
  return { kind: 'application', ordinal: null };
}

const keyOf = (label: CheckLabel) => (label.kind === 'feature' ? `feature:${label.feature}` : label.kind);

/** Public labels of an environment's checks, in the configured order. */
export function checkLabels(checks: readonly CheckConfig[]): CheckLabel[] {
  const labels = checks.map(baseLabel);
  const total = new Map<string, number>();
  for (const label of labels) total.set(keyOf(label), (total.get(keyOf(label)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const key = keyOf(label);
    if (total.get(key)! < 2) return label;
    const ordinal = (seen.get(key) ?? 0) + 1;
    seen.set(key, ordinal);
    return { ...label, ordinal };
  });
}
