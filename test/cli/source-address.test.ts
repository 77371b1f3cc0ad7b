import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, startVeille, startVeilleProbe, veille, type VeilleProcess } from '../support/run-veille.ts';

// --source-address ADDR (veille probe, veille start) and probe.sourceAddress: the local address
// a location's probes leave from. Refused in one line naming the flag or the field before
// anything is opened; otherwise what a loopback target on 127.0.0.1 sees as the remote address
// of each probe, HTTP and TCP, is that address, the flag's over the configuration's.

/** The loopback target: the remote address of each HTTP request by path, and of each TCP connection. */
const seen = { http: new Map<string, Set<string>>(), tcp: new Set<string>() };
const plain = (address: string | undefined) => (address ?? '').replace(/^::ffff:/, '');
let http: Server;
let tcp: ReturnType<typeof createTcpServer>;
let httpPort = 0;
let tcpPort = 0;

beforeAll(async () => {
  http = createHttpServer((request, response) => {
    const path = request.url ?? '';
    if (!seen.http.has(path)) seen.http.set(path, new Set());
    seen.http.get(path)!.add(plain(request.socket.remoteAddress));
    response.end('ok');
  });
  tcp = createTcpServer((socket) => {
    seen.tcp.add(plain(socket.remoteAddress));
    socket.destroy();
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  await new Promise<void>((done) => tcp.listen(0, '127.0.0.1', done));
  httpPort = (http.address() as AddressInfo).port;
  tcpPort = (tcp.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((done) => http.close(done));
  await new Promise((done) => tcp.close(done));
});

/** A workspace whose one environment probes `path` on the target (and the TCP target when asked), every second. */
function workspace(path: string, top = '', withTcp = false): string {
  const cwd = mkdtempSync(join(tmpdir(), 'veille-source-address-'));
  writeFileSync(
    join(cwd, 'monitor.config.yaml'),
    `${top}
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - { id: web, url: "http://127.0.0.1:${httpPort}${path}", every: 1s, timeout: 500ms }
${withTcp ? `      - { id: db, url: "tcp://127.0.0.1:${tcpPort}", every: 1s, timeout: 500ms }\n` : ''}`,
  );
  return cwd;
}

/** Polls until `done` holds, within a generous bound (processes start slowly on a loaded machine). */
async function until(what: string, done: () => boolean, processes: VeilleProcess[]): Promise<void> {
  for (let n = 0; n < 1200 && !done(); n++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!done()) throw new Error(`${what}: never\n${processes.map((process) => process.output()).join('\n---\n')}`);
}

describe('--source-address refuses, in one line naming the flag or the field, before opening anything', () => {
  it('what is not an IP address', async () => {
    const cwd = workspace('/refused');
    expectOneLineError(await veille(['probe', '--source-address', 'probe.mtl.example'], { cwd }), 'veille probe: --source-address: "probe.mtl.example" is not an IP address');
    expectOneLineError(await veille(['start', '--source-address', '127.0.0.300'], { cwd }), 'veille start: --source-address: "127.0.0.300" is not an IP address');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('an address this host does not have, given by the flag or by the configuration', async () => {
    // 192.0.2.0/24 is reserved for documentation: no host has it.
    const cwd = workspace('/refused');
    expectOneLineError(await veille(['start', '--port', '0', '--source-address', '192.0.2.1'], { cwd }), 'veille start: --source-address: 192.0.2.1 is not an address of this host (EADDRNOTAVAIL)');
    const configured = workspace('/refused', 'locations: [mtl, tor]\nprobe: { sourceAddress: { mtl: 192.0.2.1 } }');
    expectOneLineError(
      await veille(['probe', '--location', 'mtl'], { cwd: configured }),
      'veille probe: probe.sourceAddress.mtl (monitor.config.yaml): 192.0.2.1 is not an address of this host (EADDRNOTAVAIL)',
    );
    expect(existsSync(join(cwd, 'data'))).toBe(false);
    expect(existsSync(join(configured, 'data'))).toBe(false);
  });

  it('on a process that does not probe', async () => {
    const cwd = workspace('/refused');
    expectOneLineError(await veille(['start', '--no-probe', '--source-address', '127.0.0.2'], { cwd }), 'veille start: --source-address: only a process that probes has a source address');
    expectOneLineError(await veille(['serve', '--source-address', '127.0.0.2'], { cwd }), "veille serve: Unknown option '--source-address'");
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });
});

describe('probes leave from the source address', () => {
  const running: VeilleProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((process) => process.stop()));
  });

  it("the configuration's for the location, the flag's over it, on veille probe and veille start", { timeout: 240_000 }, async () => {
    const started = await Promise.all([
      // The configuration's, one per location: mtl leaves from 127.0.0.3.
      startVeilleProbe(workspace('/probe-configured', 'locations: [mtl, tor]\nprobe: { sourceAddress: { mtl: 127.0.0.3, tor: 127.0.0.5 } }', true), ['--location', 'mtl']),
      // The flag's over the configuration's one address.
      startVeilleProbe(workspace('/probe-flag', 'probe: { sourceAddress: 127.0.0.3 }'), ['--source-address', '127.0.0.2']),
      startVeille(workspace('/start-flag'), ['--port', '0', '--source-address', '127.0.0.4']),
    ]);
    running.push(...started);
    await until('every process probing', () => ['/probe-configured', '/probe-flag', '/start-flag'].every((path) => seen.http.has(path)) && seen.tcp.size > 0, running);
    // A few more turns: every probe of each, not only its first, leaves from its address.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await Promise.all(started.map((process) => process.stop()));
    expect(Object.fromEntries([...seen.http].map(([path, addresses]) => [path, [...addresses]]))).toEqual({
      '/probe-configured': ['127.0.0.3'],
      '/probe-flag': ['127.0.0.2'],
      '/start-flag': ['127.0.0.4'],
    });
    expect([...seen.tcp]).toEqual(['127.0.0.3']);
  });
});
