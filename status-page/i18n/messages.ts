// The texts of the status page and the management pages. French is the default (the
// contract's clients are in Québec); English is the other catalog, with the same keys, so
// a missing translation is a type error rather than a blank on the page.
import { en } from './en.ts';
import { fr } from './fr.ts';

export type Language = 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];
export const DEFAULT_LANGUAGE: Language = 'fr';

export type Messages = typeof fr;

const CATALOGS: Record<Language, Messages> = { fr, en };

export function messagesFor(language: Language): Messages {
  return CATALOGS[language];
}
