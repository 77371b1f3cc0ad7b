import { EnvironmentCard } from '../../status-page/components/environment-card.tsx';
import { createFormatter } from '../../status-page/format.ts';
import type { EnvironmentFigure } from '../../src/sla/types.ts';
import { toPublicMonth } from '../../src/web/public-view/public-month.ts';

/** The public page's card of an environment whose November 2026 is `figure` (target 99 %, minimum 95 %). */
export function publicCard(figure: EnvironmentFigure, language: 'fr' | 'en'): string {
  const month = toPublicMonth({ month: '2026-11', complete: true, target: 99, coverageMinimum: 95 }, figure);
  const environment = { id: figure.id, name: figure.name, timeZone: 'America/Toronto', state: 'operational' as const, since: null, updatedAt: null, checks: [], days: [], month };
  return String(EnvironmentCard({ f: createFormatter(language, `${language}-CA`, 'America/Toronto'), environment, index: 0 }));
}
