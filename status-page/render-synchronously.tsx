/** @jsxImportSource hono/jsx */
// hono/jsx can follow a render across `await` (async components, context read after an await):
// at its first render it looks for node:async_hooks and, when it finds it, runs every render in
// an AsyncLocalStorage. On Node 20 an AsyncLocalStorage that has run once keeps async hooks on
// for the rest of the process: every promise, timer, immediate and tick of the daemon, the
// prober's thousands a second included, then pays for them. Measured side by side at 2,000
// checks every 10 s, that was 10-12 % of the daemon's CPU, from the first page served on.
//
// veille's pages render synchronously (no async component, no context of their own; hono's own
// <head> and <svg> namespace is read within the synchronous render), which hono's other path
// renders alike, byte for byte: the render's context kept for its synchronous run. So hono's
// first render happens here, when the pages' module is loaded, with node:async_hooks hidden
// from it; it keeps the answer for good, and the hiding ends with that render.
import { Fragment } from 'hono/jsx';

const builtinModule = process.getBuiltinModule;
process.getBuiltinModule = ((id: string) => (id === 'node:async_hooks' || id === 'async_hooks' ? undefined : builtinModule(id))) as typeof builtinModule;
try {
  String(<Fragment />);
} finally {
  process.getBuiltinModule = builtinModule;
}
