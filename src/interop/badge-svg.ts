import { xmlText } from './xml-text.ts';

// A flat two-part badge ("label | value") as a standalone SVG document. Widths are estimated
// from the text length (about 6.5 px per character at 11 px), good enough for short texts.

export type BadgeColour = 'green' | 'yellow' | 'orange' | 'red' | 'blue' | 'grey';

const FILL: Record<BadgeColour, string> = {
  green: '#2e7d32',
  yellow: '#8a6100',
  orange: '#b45309',
  red: '#b91c1c',
  blue: '#1d4ed8',
  grey: '#57606a',
};

const MAX_LABEL = 40;

function width(text: string): number {
  return Math.round([...text].length * 6.5 + 12);
}

export function renderBadge(input: { label: string; value: string; colour: BadgeColour }): string {
  const label = [...input.label].length > MAX_LABEL ? `${[...input.label].slice(0, MAX_LABEL - 1).join('')}…` : input.label;
  const left = width(label);
  const right = width(input.value);
  const total = left + right;
  const title = xmlText(`${label}: ${input.value}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${title}"><title>${title}</title><rect width="${left}" height="20" fill="#3f4650"/><rect x="${left}" width="${right}" height="20" fill="${FILL[input.colour]}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${left / 2}" y="14">${xmlText(label)}</text><text x="${left + right / 2}" y="14">${xmlText(input.value)}</text></g></svg>`;
}
