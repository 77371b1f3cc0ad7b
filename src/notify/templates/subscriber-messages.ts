import type { Language } from '../../config/types.ts';
import { formatLength, formatWhen } from './format.ts';
import type { Rendered } from './rendered.ts';

// What public subscribers receive, in their language, always with the way out.

export function confirmationMessage(input: { confirmUrl: string; language: Language }): Rendered {
  return input.language === 'fr'
    ? {
        subject: 'Confirmez votre abonnement aux avis de service',
        text: [
          'Bonjour,',
          '',
          'Quelqu’un (sans doute vous) a demandé à recevoir par courriel les avis de maintenance et d’incident des environnements publics.',
          'Pour confirmer, ouvrez ce lien :',
          input.confirmUrl,
          '',
          'Si vous n’avez rien demandé, ignorez ce message : sans confirmation, vous ne recevrez rien.',
        ].join('\n'),
      }
    : {
        subject: 'Confirm your subscription to service notices',
        text: [
          'Hello,',
          '',
          'Someone (probably you) asked to receive e-mail notices of maintenance and incidents on the public environments.',
          'To confirm, open this link:',
          input.confirmUrl,
          '',
          'If you did not ask, ignore this message: without confirmation you will receive nothing.',
        ].join('\n'),
      };
}

export function withUnsubscribe(message: Rendered, input: { unsubscribeUrl: string; language: Language }): Rendered {
  const footer =
    input.language === 'fr'
      ? `Vous recevez ce message parce que vous êtes abonné aux avis de service.\nSe désabonner : ${input.unsubscribeUrl}`
      : `You receive this message because you subscribed to service notices.\nUnsubscribe: ${input.unsubscribeUrl}`;
  return { subject: message.subject, text: `${message.text}\n\n-- \n${footer}` };
}

export type PublicMaintenanceChange = 'announced' | 'changed' | 'cancelled';

export function publicMaintenanceMessage(input: {
  change: PublicMaintenanceChange;
  windowId: number;
  environments: readonly string[];
  start: number;
  end: number;
  impact: string;
  zone: string;
  language: Language;
}): Rendered {
  const fr = input.language === 'fr';
  const names = input.environments.join(', ');
  const title = {
    announced: fr ? 'Maintenance planifiée' : 'Scheduled maintenance',
    changed: fr ? 'Maintenance modifiée' : 'Maintenance changed',
    cancelled: fr ? 'Maintenance annulée' : 'Maintenance cancelled',
  }[input.change];
  const when = formatWhen(input.start, input.zone, input.language);
  return {
    subject: `${title} — ${names} — ${when}`,
    text: [
      `${title} (${fr ? 'n°' : 'no.'} ${input.windowId})`,
      `${fr ? 'Environnements : ' : 'Environments: '}${names}`,
      `${fr ? 'Début : ' : 'Start: '}${when}`,
      `${fr ? 'Fin : ' : 'End: '}${formatWhen(input.end, input.zone, input.language)}`,
      `${fr ? 'Durée : ' : 'Duration: '}${formatLength(input.end - input.start, input.language)}`,
      `${fr ? 'Impact : ' : 'Impact: '}${input.impact}`,
    ].join('\n'),
  };
}

export function publicIncidentMessage(input: {
  change: 'opened' | 'resolved';
  incidentId: number;
  title: string;
  environments: readonly string[];
  at: number;
  zone: string;
  language: Language;
}): Rendered {
  const fr = input.language === 'fr';
  const head = input.change === 'opened' ? (fr ? 'Incident en cours' : 'Incident in progress') : fr ? 'Incident résolu' : 'Incident resolved';
  return {
    subject: `${head} — ${input.title}`,
    text: [
      `${head} (${fr ? 'n°' : 'no.'} ${input.incidentId}) : ${input.title}`.replace(' : ', fr ? ' : ' : ': '),
      ...(input.environments.length ? [`${fr ? 'Environnements : ' : 'Environments: '}${input.environments.join(', ')}`] : []),
      `${input.change === 'opened' ? (fr ? 'Depuis : ' : 'Since: ') : fr ? 'Résolu : ' : 'Resolved: '}${formatWhen(input.at, input.zone, input.language)}`,
    ].join('\n'),
  };
}
