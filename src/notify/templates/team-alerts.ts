import type { Language, Priority } from '../../config/types.ts';
import { formatLength, formatPercent, formatShort } from './format.ts';
import { environmentLabel, type Localized } from './rendered.ts';
import { messagesFor } from '../../../status-page/i18n/messages.ts';
import { featureName } from '../../../status-page/i18n/public-names.ts';

// Alerts to the team, in the language of each channel. Short: a chat line or a pager e-mail.

interface EnvironmentRef {
  id: string;
  name: string;
}

function localized(render: (language: Language) => { subject: string; text: string }): Localized {
  return { fr: render('fr'), en: render('en') };
}

/** Who recorded an outage the prober did not see, and who ended it (null: not ended by hand yet). */
export interface ByHand {
  recordedBy: string;
  closedBy: string | null;
}

function byHandLine(byHand: ByHand, l: Language): string {
  const ended = byHand.closedBy === null ? '' : l === 'fr' ? `, terminée par ${byHand.closedBy}` : `, ended by ${byHand.closedBy}`;
  return l === 'fr' ? `Panne saisie manuellement par ${byHand.recordedBy}${ended}.` : `Outage recorded by hand by ${byHand.recordedBy}${ended}.`;
}

/** What an outage alert is about: the feature (in French by its French name), else the environment. */
function featureOrEnvironment(feature: string | null, env: string, l: Language): string {
  if (!feature) return env;
  return l === 'fr' ? `la fonction ${featureName(messagesFor('fr'), feature)}` : `feature ${feature}`;
}

/** `byHand`: a manual outage (its wording says so and by whom); null: the prober saw it. */
export function outageOpenedAlert(input: {
  environment: EnvironmentRef;
  checkId: string;
  feature: string | null;
  start: number;
  reason: string | null;
  byHand: ByHand | null;
  zone: string;
  /** The window announced before the outage began, inside which it began (rule 5): expected downtime. */
  maintenance?: { windowId: number; noticeSentAt: number; end: number } | null;
}): Localized {
  const env = environmentLabel(input.environment);
  const maintenance = input.maintenance ?? null;
  return localized((l) => {
    const since = formatShort(input.start, input.zone, l);
    const during = maintenance === null ? '' : l === 'fr' ? ' pendant la maintenance annoncée' : ' during announced maintenance';
    const what = featureOrEnvironment(input.feature, env, l);
    const subject = input.byHand
      ? l === 'fr'
        ? `PANNE : ${what} — ${input.checkId} en panne depuis ${since} (saisie manuellement par ${input.byHand.recordedBy})`
        : `DOWN: ${what} — ${input.checkId} down since ${since} (recorded by hand by ${input.byHand.recordedBy})`
      : l === 'fr'
        ? `PANNE : ${what} — ${input.checkId} en échec depuis ${since}${during}`
        : `DOWN: ${what} — ${input.checkId} failing since ${since}${during}`;
    const lines = [
      subject,
      `${l === 'fr' ? 'Environnement' : 'Environment'}: ${env}`,
      ...(maintenance === null
        ? []
        : [
            l === 'fr'
              ? `Maintenance annoncée n° ${maintenance.windowId} (avis envoyé le ${formatShort(maintenance.noticeSentAt, input.zone, l)}, fin prévue ${formatShort(maintenance.end, input.zone, l)}) : ni incident public ni indisponibilité comptée pendant la fenêtre.`
              : `Announced maintenance no. ${maintenance.windowId} (notice sent ${formatShort(maintenance.noticeSentAt, input.zone, l)}, planned end ${formatShort(maintenance.end, input.zone, l)}): no public incident and no counted downtime inside the window.`,
          ]),
      ...(input.reason ? [input.byHand ? `${l === 'fr' ? 'Motif' : 'Reason'}: ${input.reason}` : `${l === 'fr' ? 'Cause observée' : 'Observed'}: ${input.reason}`] : []),
      ...(input.byHand ? [byHandLine({ ...input.byHand, closedBy: null }, l)] : []),
    ];
    return { subject, text: lines.join('\n') };
  });
}

/**
 * `checkRemoved`: closed because the check left the configuration, not because it answered.
 * `byHand`: a manual outage, ended by hand: nothing saw the check answer again.
 */
export function outageClosedAlert(input: {
  environment: EnvironmentRef;
  checkId: string;
  feature: string | null;
  start: number;
  end: number;
  zone: string;
  checkRemoved?: boolean;
  /** Closed at its last failure because the prober stopped watching (rule 4, gaps): nobody saw it answer. */
  monitoringStopped?: boolean;
  byHand?: ByHand | null;
}): Localized {
  const env = environmentLabel(input.environment);
  return localized((l) => {
    const lasted = formatLength(input.end - input.start, l);
    const what = featureOrEnvironment(input.feature, env, l);
    const subject = input.byHand
      ? l === 'fr'
        ? `TERMINÉE : ${what} — panne de ${input.checkId} saisie manuellement (durée ${lasted})`
        : `ENDED: ${what} — outage of ${input.checkId} recorded by hand (down for ${lasted})`
      : input.checkRemoved
        ? l === 'fr'
          ? `FERMÉE : ${what} — ${input.checkId} retiré de la configuration (panne comptée jusqu’au dernier échec, ${lasted})`
          : `CLOSED: ${what} — ${input.checkId} removed from the configuration (outage counted to its last failure, ${lasted})`
        : input.monitoringStopped
          ? l === 'fr'
            ? `FERMÉE : ${what} — surveillance de ${input.checkId} interrompue (panne comptée jusqu’au dernier échec, ${lasted})`
            : `CLOSED: ${what} — monitoring of ${input.checkId} stopped (outage counted to its last failure, ${lasted})`
          : l === 'fr'
            ? `RÉTABLI : ${what} — ${input.checkId} répond de nouveau (panne de ${lasted})`
            : `RECOVERED: ${what} — ${input.checkId} answering again (down for ${lasted})`;
    const range = `${formatShort(input.start, input.zone, l)} → ${formatShort(input.end, input.zone, l)}`;
    const lines = [subject, `${l === 'fr' ? 'Environnement' : 'Environment'}: ${env}`, range, ...(input.byHand ? [byHandLine(input.byHand, l)] : [])];
    return { subject, text: lines.join('\n') };
  });
}

export interface IncidentRef {
  id: number;
  /** As stored: written in English by the monitor for the incidents it opens. */
  title: string;
  priority: Priority;
  environments: readonly EnvironmentRef[];
  /** What an incident the monitor opened is about, so that each language words its title. */
  monitor?: { checkId: string; feature: string | null; reason: string | null } | null;
}

/** The incident's title in the channel's language: the monitor's own titles are worded again in French. */
function incidentTitle(incident: IncidentRef, l: Language): string {
  const monitor = incident.monitor;
  if (!monitor || l === 'en') return incident.title;
  const names = incident.environments.map((environment) => environment.name).join(', ');
  const because = monitor.reason ? ` (${monitor.checkId} : ${monitor.reason})` : ` (${monitor.checkId})`;
  return monitor.feature === null ? `${names} indisponible${because}` : `${featureName(messagesFor('fr'), monitor.feature)} en échec sur ${names}${because}`;
}

export function incidentAlert(input: { incident: IncidentRef; change: 'opened' | 'resolved'; at: number; zone: string }): Localized {
  const { incident } = input;
  return localized((l) => {
    const verb = input.change === 'opened' ? (l === 'fr' ? 'ouvert' : 'opened') : l === 'fr' ? 'résolu' : 'resolved';
    const subject = `Incident #${incident.id} (${l === 'fr' ? 'priorité' : 'priority'} ${incident.priority}) ${verb}${l === 'fr' ? ' : ' : ': '}${incidentTitle(incident, l)}`;
    const envs = incident.environments.map(environmentLabel).join(', ');
    return { subject, text: [subject, ...(envs ? [`${l === 'fr' ? 'Environnements' : 'Environments'}: ${envs}`] : []), formatShort(input.at, input.zone, l)].join('\n') };
  });
}

export function deadlineAlert(input: {
  incident: IncidentRef;
  clock: 'response' | 'resolution';
  state: 'near' | 'missed';
  dueAt: number;
  now: number;
  zone: string;
}): Localized {
  const { incident } = input;
  return localized((l) => {
    const clock = input.clock === 'response' ? (l === 'fr' ? 'première réponse' : 'first response') : l === 'fr' ? 'résolution' : 'resolution';
    const due = formatShort(input.dueAt, input.zone, l);
    const subject =
      input.state === 'near'
        ? l === 'fr'
          ? `ÉCHÉANCE PROCHE : ${clock} de l'incident #${incident.id} (priorité ${incident.priority}) due ${due}, dans ${formatLength(input.dueAt - input.now, l)}`
          : `DEADLINE NEAR: ${clock} of incident #${incident.id} (priority ${incident.priority}) due ${due}, in ${formatLength(input.dueAt - input.now, l)}`
        : l === 'fr'
          ? `ÉCHÉANCE MANQUÉE : ${clock} de l'incident #${incident.id} (priorité ${incident.priority}) était due ${due}`
          : `DEADLINE MISSED: ${clock} of incident #${incident.id} (priority ${incident.priority}) was due ${due}`;
    return { subject, text: `${subject}\n${incidentTitle(incident, l)}` };
  });
}

export function budgetAlert(input: { environment: EnvironmentRef; month: string; threshold: number; downtimeMs: number; budgetMs: number }): Localized {
  const env = environmentLabel(input.environment);
  return localized((l) => {
    const used = input.budgetMs > 0 ? (100 * input.downtimeMs) / input.budgetMs : 100;
    const subject =
      l === 'fr'
        ? `BUDGET ${input.threshold} % : ${env} a utilisé ${formatPercent(used, l)} de son budget d'indisponibilité de ${input.month}`
        : `BUDGET ${input.threshold}%: ${env} has used ${formatPercent(used, l)} of its ${input.month} downtime budget`;
    const detail =
      l === 'fr'
        ? `Indisponibilité comptée : ${formatLength(input.downtimeMs, l)} sur un budget de ${formatLength(input.budgetMs, l)} (heures ouvrables).`
        : `Counted downtime: ${formatLength(input.downtimeMs, l)} of a ${formatLength(input.budgetMs, l)} budget (business hours).`;
    return { subject, text: `${subject}\n${detail}` };
  });
}

export function noticeFailedAlert(input: { windowId: number; recipient: string; error: string }): Localized {
  return localized((l) => {
    const subject =
      l === 'fr'
        ? `AVIS NON ENVOYÉ : la maintenance n° ${input.windowId} n'a pas d'avis valide (${input.recipient})`
        : `NOTICE NOT SENT: maintenance window ${input.windowId} has no valid notice (${input.recipient})`;
    const detail =
      l === 'fr'
        ? `Le serveur de courriel a refusé l'avis formel : ${input.error}\nAucune exclusion ne peut être réclamée pour cette fenêtre tant qu'un avis n'est pas envoyé.`
        : `The mail server refused the formal notice: ${input.error}\nNo exclusion can be claimed for this window until a notice is sent.`;
    return { subject, text: `${subject}\n${detail}` };
  });
}

/** An https check's certificate close to its notAfter (within the check's `certificateWarning`), or past it. */
export function certificateAlert(input: { environment: EnvironmentRef; checkId: string; url: string; notAfter: number; now: number; zone: string }): Localized {
  const env = environmentLabel(input.environment);
  const expired = input.notAfter <= input.now;
  return localized((l) => {
    const when = formatShort(input.notAfter, input.zone, l);
    const left = formatLength(Math.max(0, input.notAfter - input.now), l);
    const subject = expired
      ? l === 'fr'
        ? `CERTIFICAT EXPIRÉ : ${env} — ${input.checkId} (expiré le ${when})`
        : `CERTIFICATE EXPIRED: ${env} — ${input.checkId} (expired ${when})`
      : l === 'fr'
        ? `CERTIFICAT : ${env} — ${input.checkId} expire le ${when} (dans ${left})`
        : `CERTIFICATE: ${env} — ${input.checkId} expires ${when} (in ${left})`;
    const advice = expired
      ? l === 'fr'
        ? 'Les sondes échouent (tls) tant que le certificat n’est pas renouvelé.'
        : 'Probes fail (tls) until the certificate is renewed.'
      : l === 'fr'
        ? 'Renouveler le certificat avant cette date : ensuite les sondes échouent (tls).'
        : 'Renew the certificate before then: after it, probes fail (tls).';
    return { subject, text: [subject, `${l === 'fr' ? 'Adresse' : 'URL'}: ${input.url}`, advice].join('\n') };
  });
}
