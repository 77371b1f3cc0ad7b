import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckConfig } from '../../src/config/types.ts';

// Targets the probe tests start on 127.0.0.1 (port 0): each misbehaves in one precise way.

export interface Target {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function track(server: Server): { sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return { sockets };
}

async function listen(server: Server, scheme: 'http' | 'https' | 'tcp'): Promise<Target> {
  const { sockets } = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function httpTarget(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Target> {
  const server = createHttpServer((req, res) => {
    res.on('error', () => undefined);
    handler(req, res);
  });
  server.keepAliveTimeout = 60_000;
  return listen(server, 'http');
}

/** A raw TCP listener: the handler gets each accepted socket. */
export function tcpTarget(onSocket: (socket: Socket) => void): Promise<Target> {
  return listen(createNetServer(onSocket), 'tcp');
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const target = await tcpTarget(() => undefined);
  await target.close();
  return target.port;
}

/**
 * A self-signed certificate for 127.0.0.1, made with openssl when the machine has it, else the
 * fixed one under test/fixtures/tls (valid until 2126).
 */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'tls');
  try {
    const dir = mkdtempSync(join(tmpdir(), 'veille-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (error) {
    if (!existsSync(join(fixtures, 'cert.pem'))) throw error;
    return { key: readFileSync(join(fixtures, 'key.pem')), cert: readFileSync(join(fixtures, 'cert.pem')) };
  }
}

export function httpsTarget(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Target> {
  const server = createHttpsServer(selfSignedCertificate(), handler);
  return listen(server as unknown as Server, 'https');
}

/** A check as the configuration would give it, with short deadlines for the tests. */
export function check(url: string, overrides: Partial<CheckConfig> = {}): CheckConfig {
  return {
    id: 'target',
    environmentId: 'test-env',
    url,
    kind: url.startsWith('tcp:') ? 'tcp' : 'http',
    method: 'GET',
    role: 'availability',
    feature: null,
    everyMs: 30_000,
    cron: null,
    timeoutMs: 2_000,
    slowAfterMs: null,
    confirmAfter: 2,
    locations: ['default'],
    quorum: 1,
    certificateWarningMs: url.startsWith('https:') ? 14 * 86_400_000 : null,
    expect: { status: [{ from: 200, to: 399 }], body: null },
    ...overrides,
  };
}

/** Writes `total` bytes as fast as the client reads them, stopping if it goes away. */
export function streamBytes(res: ServerResponse, total: number, fill = 'x'): void {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
