import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { tcpTarget, type Target } from '../probe/loopback.ts';

// Loopback targets that fail the way hostile networks do, started by the tests themselves.

/**
 * A dead host, on loopback: a listener whose accept queue is full, so the kernel silently
 * drops every further SYN, as a firewall or a powered-off host does. The listener lives in a
 * child process (backlog 1) that is stopped with SIGSTOP, so nothing ever accepts; two held
 * connections fill its queue. Nothing answers a connect: it neither succeeds nor is refused.
 */
export async function deadHost(): Promise<Target> {
  const child = spawn(
    process.execPath,
    ['-e', "const s = require('node:net').createServer(); s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => process.stdout.write(s.address().port + '\\n'));"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (data) => resolve(Number(String(data).trim())));
  });
  child.kill('SIGSTOP');
  const held: Socket[] = [];
  // The queue of a backlog-1 listener takes two connections; the kernel completes them itself.
  for (let i = 0; i < 2; i++) held.push(await connected(port));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const socket of held) socket.destroy();
      await stopChild(child);
    },
  };
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Accepts TCP connections and never sends a byte: an HTTPS check's TLS handshake never completes. */
export async function tlsSilentTarget(): Promise<Target> {
  const target = await tcpTarget(() => undefined);
  return { ...target, url: `https://127.0.0.1:${target.port}` };
}

/** Accepts TCP connections, reads the request and never answers. */
export async function httpSilentTarget(): Promise<Target> {
  const target = await tcpTarget((socket) => socket.resume());
  return { ...target, url: `http://127.0.0.1:${target.port}` };
}

/**
 * What `work` settled to, or `'still running'` if it had not after `boundMs`. The bound is
 * generous (many times the deadline under test): it tells a probe that ended from one that
 * hangs, and measures nothing.
 */
export function settledWithin<T>(work: Promise<T>, boundMs: number): Promise<T | 'still running'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), boundMs);
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}
