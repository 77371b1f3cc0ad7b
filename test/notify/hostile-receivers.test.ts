import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/notify/channels/channel.ts';
import { emailSender } from '../../src/notify/channels/email.ts';
import { MAX_ANSWER_BYTES, postJson } from '../../src/notify/channels/http-post.ts';
import type { Delivery } from '../../src/notify/outbox-store.ts';

// Receivers that answer too much or too slowly: every exchange ends in a failed (retried)
// delivery within its bounds, never in a daemon buffering without end or waiting forever.

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listening<S extends Server | TcpServer>(server: S, sockets: Set<Socket>): Promise<number> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

/** An HTTP receiver answering 200 and then `body(response)`; counts the bytes it managed to hand over. */
async function httpReceiver(body: (write: (chunk: Buffer) => boolean, response: import('node:http').ServerResponse) => void) {
  const state = { written: 0, closed: false };
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.on('close', () => (state.closed = true));
      body((chunk) => {
        state.written += chunk.length;
        return response.write(chunk);
      }, response);
    });
  });
  const port = await listening(server, new Set());
  return { url: `http://127.0.0.1:${port}/hook`, state };
}

/** A guard so that a sender that never returns fails the test instead of hanging it. */
function settleOrStillWaiting(outcome: Promise<DeliveryOutcome>, ms = 8_000): Promise<DeliveryOutcome | 'still waiting'> {
  return Promise.race([outcome, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms).unref())]);
}

describe('webhook and Slack receivers', () => {
  it('an answer that never ends is cut off after MAX_ANSWER_BYTES: a failed delivery, retried', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const receiver = await httpReceiver((write, response) => {
      const pump = () => {
        while (!response.destroyed && write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    const outcome = await settleOrStillWaiting(postJson(receiver.url, '{}', {}, 5_000));
    expect(outcome).toEqual({ ok: false, error: `HTTP 200: answer larger than ${MAX_ANSWER_BYTES} bytes, not read further`, permanent: false });
    // The connection was dropped rather than drained: the receiver got to hand over little.
    await expect.poll(() => receiver.state.closed).toBe(true);
    expect(receiver.state.written).toBeLessThan(64 * 1024 * 1024);
  });

  it('an answer trickled a byte at a time fails at the timeout, retried', async () => {
    const receiver = await httpReceiver((write, response) => {
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : write(Buffer.from('.'))), 20);
      closers.push(() => clearInterval(timer));
    });
    const outcome = await settleOrStillWaiting(postJson(receiver.url, '{}', {}, 300));
    expect(outcome).toEqual({ ok: false, error: 'HTTP 200: answer not complete within 300 ms', permanent: false });
  });

  it('a short answer is read as before: accepted, or refused with its excerpt', async () => {
    const accepted = await httpReceiver((write, response) => response.end('ok'));
    expect(await postJson(accepted.url, '{}', {}, 2_000)).toEqual({ ok: true, ref: 'HTTP 200' });
  });
});

/** A raw SMTP peer: greets, then answers each command with what `reply` writes. */
async function smtpPeer(reply: (socket: Socket, line: string) => void) {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    socket.write('220 peer ready\r\n');
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        reply(socket, line);
      }
    });
    socket.on('error', () => undefined);
  });
  return listening(server, sockets);
}

const delivery = {
  id: 1,
  channel: 'sre-mail',
  channelType: 'email',
  recipient: 'sre@aidi.example',
  recipientName: null,
  subject: 'Outage',
  body: 'down',
  payload: null,
} as unknown as Delivery;

function smtpOn(port: number, timeoutMs: number) {
  const sender = emailSender({ host: '127.0.0.1', port, secure: false, user: null, pass: null, from: 'veille@aidi.example', fromName: null } as never, { timeoutMs, clock: Date.now });
  closers.push(() => sender.close?.());
  return sender;
}

describe('SMTP servers', () => {
  it('a reply trickled forever (never idle long enough for a socket timeout) fails at the deadline, retried', async () => {
    const port = await smtpPeer((socket) => {
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('250-x')), 20);
      closers.push(() => clearInterval(timer));
    });
    const outcome = await settleOrStillWaiting(smtpOn(port, 200).send(delivery));
    expect(outcome).toEqual({ ok: false, error: 'SMTP timeout: the server did not finish within 600 ms', permanent: false });
  });

  it('a reply without end is refused past its bound, retried', async () => {
    const port = await smtpPeer((socket) => {
      const line = `250-${'y'.repeat(1000)}\r\n`;
      const pump = () => {
        while (!socket.destroyed && socket.write(line));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    const outcome = await settleOrStillWaiting(smtpOn(port, 5_000).send(delivery));
    expect(outcome).toMatchObject({ ok: false, permanent: false });
    expect((outcome as { error: string }).error).toContain('exceeds maximum allowed size');
  });
});
