import type { Language } from '../config/types.ts';

// The few pages a subscriber sees: the form, "check your inbox", and the confirm/unsubscribe
// steps. Plain server-rendered HTML in the status page's shell and stylesheet; no script, no
// inline style (the page CSP forbids both). Every value is escaped.

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const T = {
  fr: {
    site: 'État des services',
    title: 'Avis par courriel',
    intro: 'Recevez par courriel les maintenances planifiées et les incidents des environnements publics. Un lien de désabonnement accompagne chaque message.',
    email: 'Adresse courriel',
    subscribe: 'S’abonner',
    feed: 'Sans compte : suivez le flux Atom.',
    unavailable: 'Les abonnements par courriel ne sont pas offerts ici : suivez plutôt le flux Atom.',
    sentTitle: 'Vérifiez votre boîte de réception',
    sent: 'Si cette adresse peut recevoir nos avis, un message de confirmation vient de lui être envoyé. Ouvrez le lien qu’il contient pour confirmer.',
    confirmTitle: 'Confirmer l’abonnement',
    confirmButton: 'Confirmer mon abonnement',
    confirmed: 'Votre abonnement est confirmé. Vous recevrez les prochains avis.',
    unsubscribeTitle: 'Se désabonner',
    unsubscribeButton: 'Me désabonner',
    unsubscribed: 'Vous êtes désabonné : vous ne recevrez plus nos avis.',
    invalid: 'Ce lien n’est pas (ou plus) valide. Pour un nouvel abonnement, remplissez le formulaire de nouveau.',
    back: 'Retour à l’état des services',
    other: 'English',
  },
  en: {
    site: 'Service status',
    title: 'E-mail notices',
    intro: 'Receive scheduled maintenance and incidents of the public environments by e-mail. Every message carries an unsubscribe link.',
    email: 'E-mail address',
    subscribe: 'Subscribe',
    feed: 'No account needed: follow the Atom feed.',
    unavailable: 'E-mail subscriptions are not offered here: follow the Atom feed instead.',
    sentTitle: 'Check your inbox',
    sent: 'If this address can receive our notices, a confirmation message has just been sent to it. Open its link to confirm.',
    confirmTitle: 'Confirm your subscription',
    confirmButton: 'Confirm my subscription',
    confirmed: 'Your subscription is confirmed. You will receive the next notices.',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeButton: 'Unsubscribe me',
    unsubscribed: 'You are unsubscribed: you will receive no more notices.',
    invalid: 'This link is not (or no longer) valid. To subscribe again, fill in the form again.',
    back: 'Back to the service status',
    other: 'Français',
  },
} as const;

export type PageTexts = (typeof T)[Language];

/** The subscription pages' texts in a language. */
export function subscriptionTexts(language: Language): PageTexts {
  return T[language];
}

function shell(input: { language: Language; cssHref: string; path: string; title: string; body: string }): string {
  const t = T[input.language];
  const other = input.language === 'fr' ? 'en' : 'fr';
  return `<!doctype html>
<html lang="${input.language === 'fr' ? 'fr-CA' : 'en-CA'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(input.title)} · veille</title><link rel="stylesheet" href="${escape(input.cssHref)}"></head>
<body>
<header class="site-header"><div class="wrap header-row"><p class="brand"><a href="/">veille</a><span class="brand-title"> · ${escape(t.site)}</span></p>
<nav class="header-nav"><a href="${escape(`${input.path}${input.path.includes('?') ? '&' : '?'}lang=${other}`)}" hreflang="${other}" lang="${other}">${escape(t.other)}</a></nav></div></header>
<main id="main" class="wrap"><section class="panel"><h1 class="section-title">${escape(input.title)}</h1>
${input.body}
</section></main>
<footer class="site-footer"><div class="wrap"><p><a href="/">${escape(t.back)}</a></p></div></footer>
</body></html>`;
}

export function subscribePage(input: { language: Language; cssHref: string; email?: string; error?: string }): string {
  const t = T[input.language];
  const error = input.error ? `<p class="form-error" role="alert" id="email-error">${escape(input.error)}</p>` : '';
  return shell({
    ...input,
    path: '/subscriptions',
    title: t.title,
    body: `<p>${escape(t.intro)}</p>${error}
<form method="post" action="/subscriptions">
<input type="hidden" name="language" value="${input.language}">
<p><label for="email">${escape(t.email)}</label><br>
<input id="email" name="email" type="email" required maxlength="254" autocomplete="email" value="${escape(input.email ?? '')}"${input.error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}></p>
<p><button type="submit">${escape(t.subscribe)}</button></p>
</form>
<p><a href="/feed.atom">${escape(t.feed)}</a></p>`,
  });
}

export function messagePage(input: { language: Language; cssHref: string; path: string; title: keyof PageTexts; text: keyof PageTexts }): string {
  const t = T[input.language];
  return shell({ ...input, title: t[input.title], body: `<p>${escape(t[input.text])}</p>` });
}

/** A link opened from an e-mail only shows a button: mail scanners that follow links change nothing. */
export function actionPage(input: { language: Language; cssHref: string; action: 'confirm' | 'unsubscribe'; token: string }): string {
  const t = T[input.language];
  const path = `/subscriptions/${input.action}`;
  return shell({
    ...input,
    path: `${path}?token=${encodeURIComponent(input.token)}`,
    title: input.action === 'confirm' ? t.confirmTitle : t.unsubscribeTitle,
    body: `<form method="post" action="${path}"><input type="hidden" name="token" value="${escape(input.token)}"><input type="hidden" name="language" value="${input.language}">
<p><button type="submit">${escape(input.action === 'confirm' ? t.confirmButton : t.unsubscribeButton)}</button></p></form>`,
  });
}
