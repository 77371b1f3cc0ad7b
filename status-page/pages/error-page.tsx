/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import { Layout } from '../components/layout.tsx';

export function ErrorPage(props: { f: Formatter; cssHref: string; title: string; message: string; path: string }) {
  const { f } = props;
  return (
    <Layout f={f} title={props.title} cssHref={props.cssHref} path={props.path}>
      <h1>{props.title}</h1>
      <p class="notice notice-error">{props.message}</p>
      <p>
        <a href="/">{f.t.backHome}</a>
      </p>
    </Layout>
  );
}
