/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import { Layout } from '../components/layout.tsx';

/** The title says where signing in leads. */
function headingFor(f: Formatter, next: string): string {
  if (/^\/sre(?:[/?#]|$)/.test(next)) return f.t.signInToSre;
  if (/^\/reports(?:[/?#]|$)/.test(next)) return f.t.signInHeading;
  return f.t.signInToSite;
}

export function SignInPage(props: { f: Formatter; cssHref: string; csrf: string; next: string; error?: string | undefined }) {
  const { f } = props;
  const heading = headingFor(f, props.next);
  // The language switch comes back here with the same destination.
  return (
    <Layout f={f} title={heading} cssHref={props.cssHref} path={`/sign-in?next=${encodeURIComponent(props.next)}`}>
      <h1>{heading}</h1>
      <p>{f.t.signInExplain}</p>
      {props.error ? (
        <p class="notice notice-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/sign-in" class="stacked">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="token">{f.t.tokenLabel}</label>
        <input id="token" name="token" type="password" autocomplete="off" required spellcheck={false} />
        <button type="submit">{f.t.signInButton}</button>
      </form>
    </Layout>
  );
}
