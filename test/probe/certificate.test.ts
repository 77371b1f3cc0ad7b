import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { createProbeAgent } from '../../src/probe/agent.ts';
import { createCertificateLog, type CertificateLog } from '../../src/probe/certificate-log.ts';
import { runProbe } from '../../src/probe/run-probe.ts';
import { check, httpTarget, type Target } from './loopback.ts';

// A loopback https target whose certificate expires in 5 days, trusted by the probe agent
// (given as its CA): the handshake succeeds and the probe reports the certificate's notAfter.

let dir: string;
let cert: Buffer;
let key: Buffer;
let server: HttpsServer;
let url: string;
let log: CertificateLog;
let trusting: Agent;
const targets: Target[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '5', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'));
  key = readFileSync(join(dir, 'key.pem'));
  server = createServer({ key, cert }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}/health`;
  log = createCertificateLog();
  trusting = createProbeAgent({ certificates: log, tls: { ca: cert } });
});
afterAll(async () => {
  await trusting.close();
  await Promise.all(targets.map((target) => target.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const expectedNotAfter = () => Date.parse(new X509Certificate(cert).validTo);

describe('the certificate of an https check', () => {
  it('is recorded when the handshake succeeds: the result carries its notAfter', async () => {
    const result = await runProbe(check(url), { dispatcher: trusting, certificates: log.notAfter });
    expect(result).toMatchObject({ status: 'up', reason: null, certificateNotAfter: expectedNotAfter() });
    // About five days from now (openssl's -days 5), whatever the machine's clock says.
    expect(expectedNotAfter() - Date.now()).toBeGreaterThan(4 * 86_400_000);
    expect(expectedNotAfter() - Date.now()).toBeLessThanOrEqual(5 * 86_400_000);
  });

  it('is still reported when the kept-alive connection is reused (no second handshake)', async () => {
    await runProbe(check(url), { dispatcher: trusting, certificates: log.notAfter });
    const again = await runProbe(check(url), { dispatcher: trusting, certificates: log.notAfter });
    expect(again.certificateNotAfter).toBe(expectedNotAfter());
  });

  it('is reported on a failed status too: the handshake succeeded', async () => {
    const failing = await runProbe(check(url, { expect: { status: [{ from: 201, to: 201 }], body: null } }), { dispatcher: trusting, certificates: log.notAfter });
    expect(failing).toMatchObject({ status: 'down', reason: 'status 200', certificateNotAfter: expectedNotAfter() });
  });

  it('is absent when the handshake fails (an untrusted certificate is "tls")', async () => {
    const untrusting = createProbeAgent({ certificates: createCertificateLog() });
    const otherLog = createCertificateLog();
    try {
      const result = await runProbe(check(url), { dispatcher: untrusting, certificates: otherLog.notAfter });
      expect(result).toMatchObject({ status: 'down', reason: 'tls' });
      expect(result.certificateNotAfter).toBeUndefined();
    } finally {
      await untrusting.close();
    }
  });

  it('is absent for a plain http check', async () => {
    const target = await httpTarget((_req, res) => res.end('ok'));
    targets.push(target);
    const result = await runProbe(check(target.url), { dispatcher: trusting, certificates: log.notAfter });
    expect(result).toMatchObject({ status: 'up' });
    expect(result.certificateNotAfter).toBeUndefined();
  });
});
