// The forms' refusals on the French side (the SRE forms, the subscription form). The registry's services and schemas speak the
// API's language (English, field names as in JSON); the French page names the field by its
// label and says what is wrong in French. A message not listed here is shown as it came,
// marked as English, rather than guessed at.

export const FIELD_LABELS_FR: Record<string, string> = {
  '(form)': 'Formulaire',
  '(body)': 'Formulaire',
  id: 'Numéro',
  environments: 'Environnements',
  start: 'Début',
  end: 'Fin',
  duration: 'Durée',
  impact: 'Impact',
  noticeSentAt: 'Avis déjà envoyé le',
  noticeRef: 'Référence de l’avis',
  notify: 'Aviser les clients',
  reason: 'Motif',
  justification: 'Justification',
  title: 'Titre',
  priority: 'Priorité',
  kind: 'Nature',
  channel: 'Canal',
  public: 'Public',
  openedAt: 'Ouvert le',
  externalRef: 'Référence externe',
  at: 'Heure',
  message: 'Message',
  monitoring: 'Sous surveillance',
};

const MESSAGES_FR: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(is )?required$/, 'obligatoire'],
  [/^is longer than (\d+) characters$/, 'compte plus de $1 caractères'],
  [/^"(.*)" is not an e-mail address: "(.*)" is not a domain name$/s, '« $1 » n’est pas une adresse courriel : « $2 » n’est pas un nom de domaine'],
  [/^"(.*)" is not an e-mail address: the part before @ is not valid$/s, '« $1 » n’est pas une adresse courriel : la partie avant @ n’est pas valide'],
  [/^"(.*)" is not an e-mail address such as ops@example\.com$/s, '« $1 » n’est pas une adresse courriel comme ops@example.com'],
  [/^required \(or give duration\)$/, 'obligatoire'],
  [/^must not be empty$/, 'ne doit pas être vide'],
  [/^at most (\d+) characters$/, 'au plus $1 caractères'],
  [/^at most (\d+) environments$/, 'au plus $1 environnements'],
  [/^name at least one environment$/, 'choisissez au moins un environnement'],
  [/^unknown environment "(.*)"$/, 'environnement inconnu « $1 »'],
  [/^"(.*)" is listed twice$/, '« $1 » est nommé deux fois'],
  [/^must be one of (.*)$/, 'doit être l’une de ces valeurs : $1'],
  [/^"(.*)" is not an ISO 8601 time with an offset.*$/s, '« $1 » n’est pas une date et une heure'],
  [/^"(.*)" has an offset beyond ±14:00.*$/s, '« $1 » a un décalage horaire au-delà de ±14:00'],
  [/^"(.*)" is not a real date and time.*$/s, '« $1 » n’est pas une date et une heure qui existent'],
  [/^"(.*)" is outside the years 1900–2199$/s, '« $1 » est hors des années 1900 à 2199'],
  [/^must be after start$/, 'doit être après le début'],
  [/^give either end or duration, not both$/, 'donnez la fin ou la durée, pas les deux'],
  [/^ends the window after 2199$/, 'termine la maintenance après 2199'],
  [/^is in the future; a notice can only be recorded once it was sent$/, 'est dans le futur : un avis ne se consigne qu’une fois envoyé'],
  [/^required with noticeSentAt: the reference of the notice that was sent$/, 'obligatoire avec la date d’avis : la référence de l’avis envoyé'],
  [/^veille sends the notice itself: leave out noticeSentAt and noticeRef, or notify$/, 'veille envoie l’avis lui-même : laissez vides la date et la référence de l’avis, ou ne cochez pas « Aviser les clients »'],
  [/^veille cannot send notices here \(no notification set up\)$/, 'veille ne peut pas envoyer l’avis ici (aucun envoi de courriel configuré)'],
  [/^maintenance window (\d+) was already cancelled$/, 'la maintenance n° $1 est déjà annulée'],
  [/^maintenance window (\d+) not found$/, 'la maintenance n° $1 est introuvable'],
  [/^outage (\d+) not found$/, 'la panne n° $1 est introuvable'],
  [/^is before the outage start \((.*)\)$/, 'est avant le début de la panne ($1)'],
  [/^must be before the outage has gone on until \(now\)$/, 'doit être avant maintenant (la panne dure encore)'],
  [/^must be before the outage end \((.*)\)$/, 'doit être avant la fin de la panne ($1)'],
  [/^is after the outage end \((.*)\)$/, 'est après la fin de la panne ($1)'],
  [/^is in the future; leave it out to exclude until the outage ends$/, 'est dans le futur : laissez-la vide pour exclure jusqu’à la fin de la panne'],
  [/^is in the future; an imported ticket was opened in the past$/, 'est dans le futur : un ticket importé a été ouvert dans le passé'],
  [/^required with openedAt: the ticket’s reference in the system it came from$/, 'obligatoire avec la date d’ouverture : la référence du ticket dans le système d’origine'],
  [/^"monitor" is for incidents veille opens itself$/, '« monitor » est réservé aux incidents que veille ouvre elle-même'],
  [/^is in the future$/, 'est dans le futur'],
  [/^is before the incident was opened \((.*)\)$/, 'est avant l’ouverture de l’incident ($1)'],
  [/^is before the first response \((.*)\)$/, 'est avant la première réponse ($1)'],
  [/^incident (\d+) was already responded to at (.*)$/, 'l’incident n° $1 a déjà reçu sa première réponse ($2)'],
  [/^incident (\d+) was already resolved at (.*)$/, 'l’incident n° $1 est déjà résolu ($2)'],
  [/^incident (\d+) is resolved; its priority is final$/, 'l’incident n° $1 est résolu : sa priorité ne change plus'],
  [/^incident (\d+) already has priority (\S+)$/, 'l’incident n° $1 a déjà la priorité $2'],
  [/^incident (\d+) not found$/, 'l’incident n° $1 est introuvable'],
  [/^Invalid input: .*$/s, 'valeur invalide'],
];

/** A refusal in French, or null when it has no French wording yet. */
export function problemMessageFr(message: string): string | null {
  for (const [pattern, french] of MESSAGES_FR) if (pattern.test(message)) return message.replace(pattern, french);
  return null;
}

/** A field's label on the French form: `environments[1]` is the environments field. */
export function fieldLabelFr(field: string): string {
  const head = field.split(/[.[]/)[0]!;
  return FIELD_LABELS_FR[head] ?? field;
}
