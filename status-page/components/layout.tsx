/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Formatter } from '../format.ts';

export interface LayoutProps {
  f: Formatter;
  title: string;
  cssHref: string;
  /** Path of this page (with its query, if it has one to keep), for the language switch link. */
  path: string;
  /** Shown in the header when someone is signed in. */
  signedIn?: { name: string; role: string; csrf: string } | undefined;
  footer?: Child;
  children?: Child;
}

/** The page shell: no inline style or script anywhere, so the CSP can forbid both. */
export function Layout(props: LayoutProps) {
  const { f } = props;
  const other = f.language === 'fr' ? 'en' : 'fr';
  return (
    <html lang={f.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={props.cssHref} />
        <link rel="icon" type="image/svg+xml" href="/assets/favicon.svg" />
        <link rel="alternate" type="application/atom+xml" href="/feed.atom" title={f.t.incidentsHeading} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {f.t.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <p class="brand">
              <a href="/">veille</a>
              <span class="brand-title"> · {f.t.siteTitle}</span>
            </p>
            <nav class="header-nav" aria-label={f.t.siteTitle}>
              <a href={`${props.path}${props.path.includes('?') ? '&' : '?'}lang=${other}`} hreflang={other} lang={other} aria-label={f.t.switchLanguageLabel}>
                {f.t.switchLanguage}
              </a>
              {props.signedIn ? (
                <form method="post" action="/sign-out" class="inline-form">
                  <input type="hidden" name="csrf" value={props.signedIn.csrf} />
                  <span class="signed-in">{f.t.signedInAs(props.signedIn.name, props.signedIn.role)}</span>{' '}
                  <button type="submit" class="link-button">
                    {f.t.signOutButton}
                  </button>
                </form>
              ) : null}
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">{props.footer}</div>
        </footer>
      </body>
    </html>
  );
}
