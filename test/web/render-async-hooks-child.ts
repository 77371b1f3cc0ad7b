// Run in a process of its own by render-async-hooks.test.ts: renders a page, then prints the
// async id a promise reaction runs under. Node gives promises async ids only while async hooks
// are on: 0 means a page rendered and left them off.
import { executionAsyncId } from 'node:async_hooks';
import { createFormatter } from '../../status-page/format.ts';
import { renderErrorPage } from '../../status-page/render.tsx';

const html = renderErrorPage(createFormatter('en', 'en-CA', 'America/Toronto'), '/style.css', { title: 'Not found', message: 'No such page.', path: '/nowhere' });
const id = await Promise.resolve().then(() => executionAsyncId());
console.log(JSON.stringify({ rendered: html.startsWith('<!DOCTYPE html>'), asyncId: id }));
