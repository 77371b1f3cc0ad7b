import type { Language } from '../../config/types.ts';
import { formatForClients, formatLength, formatWhen } from './format.ts';
import { environmentLabel, type Rendered } from './rendered.ts';

// The formal written notice of §2.2 and its follow-ups, to a client's contact. Every message
// carries French and English, the contact's language first: what the notice must state
// (environments, date, time with its zone, duration, impact) reads the same in both.

export type NoticeKind = 'notice' | 'change' | 'cancellation' | 'reminder';

export interface NoticeFacts {
  readonly kind: NoticeKind;
  readonly windowId: number;
  readonly impact: string;
  readonly environments: ReadonlyArray<{ id: string; name: string }>;
  readonly clients: readonly string[];
  readonly start: number;
  readonly end: number;
  /** The zone the times are written in: the calendar of the affected environments. */
  readonly zone: string;
  /** For a change: the times it replaces. */
  readonly previous?: { start: number; end: number } | undefined;
  readonly recipientName: string | null;
  readonly firstLanguage: Language;
  /** Where replies go (smtp.replyTo); null: replies reach nobody, so the notice does not ask for one. */
  readonly replyTo: string | null;
}

const TITLE: Record<NoticeKind, Record<Language, string>> = {
  notice: { fr: 'Avis de maintenance planifiée', en: 'Scheduled maintenance notice' },
  change: { fr: 'Avis de modification d’une maintenance planifiée', en: 'Notice of change to a scheduled maintenance' },
  cancellation: { fr: 'Avis d’annulation d’une maintenance planifiée', en: 'Notice of cancellation of a scheduled maintenance' },
  reminder: { fr: 'Rappel : maintenance planifiée', en: 'Reminder: scheduled maintenance' },
};

export function renderNotice(facts: NoticeFacts): Rendered {
  const order: Language[] = facts.firstLanguage === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
  const names = facts.environments.map((environment) => environment.name).join(', ');
  const subject = order.map((l) => `${TITLE[facts.kind][l]} — ${names} — ${formatForClients(facts.start, facts.zone, l)}`).join(' / ');
  const separator = order[1] === 'en' ? '— English version follows —' : '— La version française suit —';
  const text = [section(facts, order[0]!), '', separator, '', section(facts, order[1]!)].join('\n');
  return { subject, text };
}

function section(facts: NoticeFacts, l: Language): string {
  const fr = l === 'fr';
  const hello = fr ? `Bonjour${facts.recipientName ? ` ${facts.recipientName}` : ''},` : `Hello${facts.recipientName ? ` ${facts.recipientName}` : ''},`;
  const clients = facts.clients.join(', ');
  const intro: Record<typeof facts.kind, string> = {
    notice: fr
      ? `Conformément à la section 2.2 de l’entente de niveau de service, nous vous avisons par écrit d’une maintenance planifiée qui touche ${clients}.`
      : `As provided by section 2.2 of the service level agreement, this is the written notice of a scheduled maintenance affecting ${clients}.`,
    change: fr
      ? `La maintenance planifiée n° ${facts.windowId} qui touche ${clients} a été modifiée. Voici ses nouvelles heures.`
      : `Scheduled maintenance no. ${facts.windowId} affecting ${clients} has changed. These are its new times.`,
    cancellation: fr
      ? `La maintenance planifiée n° ${facts.windowId} qui touche ${clients} est annulée : elle n’aura pas lieu.`
      : `Scheduled maintenance no. ${facts.windowId} affecting ${clients} is cancelled: it will not take place.`,
    reminder: fr
      ? `Nous vous rappelons la maintenance planifiée n° ${facts.windowId} qui touche ${clients}.`
      : `This is a reminder of scheduled maintenance no. ${facts.windowId} affecting ${clients}.`,
  };
  const label = (frText: string, enText: string) => (fr ? `${frText} : ` : `${enText}: `);
  const lines = [
    hello,
    '',
    intro[facts.kind],
    '',
    `${label('Environnement(s)', 'Environment(s)')}${facts.environments.map(environmentLabel).join(', ')}`,
    `${label(facts.kind === 'cancellation' ? 'Début prévu' : 'Début', facts.kind === 'cancellation' ? 'Planned start' : 'Start')}${formatWhen(facts.start, facts.zone, l)}`,
    `${label(facts.kind === 'cancellation' ? 'Fin prévue' : 'Fin', facts.kind === 'cancellation' ? 'Planned end' : 'End')}${formatWhen(facts.end, facts.zone, l)}`,
    `${label('Durée', 'Duration')}${formatLength(facts.end - facts.start, l)}`,
    `${label('Impact', 'Impact')}${facts.impact}`,
  ];
  if (facts.kind === 'change' && facts.previous) {
    lines.push(
      `${label('Heures précédentes', 'Previous times')}${formatWhen(facts.previous.start, facts.zone, l)} – ${formatWhen(facts.previous.end, facts.zone, l)}`,
    );
  }
  lines.push(
    '',
    `${label('Référence', 'Reference')}${fr ? 'maintenance n°' : 'maintenance no.'} ${facts.windowId}`,
  );
  if (facts.replyTo !== null) {
    lines.push(
      fr
        ? `Pour toute question, répondez à ce courriel : votre réponse parviendra à ${facts.replyTo}.`
        : `For any question, reply to this e-mail: your answer will reach ${facts.replyTo}.`,
    );
  }
  return lines.join('\n');
}
