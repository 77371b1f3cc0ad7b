import type { Language } from '../../config/types.ts';

/** A message as the recipient reads it: a one-line subject and a plain-text body. */
export interface Rendered {
  readonly subject: string;
  readonly text: string;
}

export type Localized = Readonly<Record<Language, Rendered>>;

/** An environment as messages name it: `Acme Construction (acme-prod)`. */
export function environmentLabel(environment: { id: string; name: string }): string {
  return `${environment.name} (${environment.id})`;
}
