/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** A table that may scroll sideways on a phone: a named region reachable by keyboard, so it can be scrolled without a mouse. */
export function TableScroll(props: { label: string; children?: Child }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabindex={0}>
      {props.children}
    </div>
  );
}
