import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createProbeAgent } from '../../src/probe/agent.ts';
import { runProbe } from '../../src/probe/run-probe.ts';
import { check, httpTarget, tcpTarget, type Target } from './loopback.ts';

// A location bound to its own local address (several locations on one host, or a host with
// several paths out): HTTP and TCP probes leave from it. The targets refuse 127.0.0.3, as a
// path cut for one location would.

const targets: Target[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map((target) => target.close()));
});

const REFUSED = '127.0.0.3';

describe('probes leave from the local address given', () => {
  it('HTTP: up from 127.0.0.2, down from the address the target refuses', async () => {
    const seen: string[] = [];
    const target = await httpTarget((req, res) => {
      const from = req.socket.remoteAddress ?? '';
      seen.push(from);
      if (from.endsWith(REFUSED)) req.socket.destroy();
      else res.end('ok');
    });
    targets.push(target);
    const probeFrom = async (localAddress: string) => {
      const agent = createProbeAgent({ localAddress });
      try {
        return await runProbe(check(`${target.url}/health`), { dispatcher: agent, localAddress });
      } finally {
        await agent.destroy();
      }
    };
    expect((await probeFrom('127.0.0.2')).status).toBe('up');
    expect((await probeFrom(REFUSED)).status).toBe('down');
    expect(seen.map((address) => address.replace(/^::ffff:/, ''))).toEqual(['127.0.0.2', REFUSED]);
  });

  it('TCP: the connection comes from the local address given', async () => {
    const seen: string[] = [];
    const target = await tcpTarget((socket) => {
      seen.push((socket.remoteAddress ?? '').replace(/^::ffff:/, ''));
      socket.destroy();
    });
    targets.push(target);
    const agent = createProbeAgent();
    try {
      const result = await runProbe(check(`tcp://127.0.0.1:${target.port}`), { dispatcher: agent, localAddress: '127.0.0.2' });
      expect(result.status).toBe('up');
    } finally {
      await agent.destroy();
    }
    await expect.poll(() => seen).toEqual(['127.0.0.2']);
  });
});

describe('a source address of the other family than every address of the target', () => {
  it('HTTP: an IPv4 source toward a target on ::1 only says so', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    const port = (server.address() as { port: number }).port;
    const agent = createProbeAgent({ localAddress: '127.0.0.2' });
    try {
      expect(await runProbe(check(`http://[::1]:${port}/health`), { dispatcher: agent, localAddress: '127.0.0.2' })).toMatchObject({
        status: 'down',
        reason: 'source 127.0.0.2 is IPv4, the target IPv6 only',
      });
    } finally {
      await agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('TCP: an IPv6 source toward a target on 127.0.0.1 only says so', async () => {
    const target = await tcpTarget((socket) => socket.destroy());
    targets.push(target);
    const agent = createProbeAgent();
    try {
      expect(await runProbe(check(`tcp://127.0.0.1:${target.port}`), { dispatcher: agent, localAddress: '::1' })).toMatchObject({
        status: 'down',
        reason: 'source ::1 is IPv6, the target IPv4 only',
      });
    } finally {
      await agent.destroy();
    }
  });
});
