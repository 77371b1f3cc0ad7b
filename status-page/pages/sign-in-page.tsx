/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import { Layout } from '../components/layout.tsx';

export function SignInPage(props: { f: Formatter; cssHref: string; csrf: string; next: string; error?: string | undefined }) {
  const { f } = props;
  return (
    <Layout f={f} title={f.t.signInHeading} cssHref={props.cssHref} path="/sign-in">
      <h1>{f.t.signInHeading}</h1>
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
