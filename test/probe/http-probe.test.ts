import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { createProbeAgent } from '../../src/probe/agent.ts';
import { runProbe } from '../../src/probe/run-probe.ts';
import { check, closedPort, httpTarget, httpsTarget, streamBytes, tcpTarget, type Target } from './loopback.ts';

// Every target is a loopback server started here; each misbehaves in one way. Deadlines are
// short (300 ms) only so the hanging targets end quickly: nothing asserts on durations except
// that a timeout reports the deadline as its latency.

let agent: Agent;
const targets: Target[] = [];
async function start(target: Promise<Target>): Promise<Target> {
  const started = await target;
  targets.push(started);
  return started;
}
beforeAll(() => {
  agent = createProbeAgent();
});
afterAll(async () => {
  await Promise.all(targets.map((target) => target.close()));
  await agent.close();
});

const probe = (url: string, overrides = {}) => runProbe(check(url, overrides), { dispatcher: agent });

describe('an HTTP probe', () => {
  it('is up on an expected status, with its latency and no reason', async () => {
    const target = await start(httpTarget((_req, res) => res.end('{"status":"ok"}')));
    const result = await probe(`${target.url}/health`, { expect: { status: [{ from: 200, to: 299 }], body: '"status":"ok"' } });
    expect(result).toMatchObject({ status: 'up', reason: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('is down with "status 503" when the target answers 503', async () => {
    const target = await start(httpTarget((_req, res) => {
      res.statusCode = 503;
      res.end('maintenance');
    }));
    expect(await probe(target.url)).toMatchObject({ status: 'down', reason: 'status 503' });
  });

  it('accepts the statuses the check lists, and only those', async () => {
    const target = await start(httpTarget((_req, res) => {
      res.statusCode = 404;
      res.end();
    }));
    expect(await probe(target.url, { expect: { status: [{ from: 404, to: 404 }], body: null } })).toMatchObject({ status: 'up' });
    expect(await probe(target.url)).toMatchObject({ status: 'down', reason: 'status 404' });
  });

  it('is down with "refused" on a port nothing listens on', async () => {
    expect(await probe(`http://127.0.0.1:${await closedPort()}/`)).toMatchObject({ status: 'down', reason: 'refused' });
  });

  it('is down with "timeout" at the deadline when the target accepts and never answers', async () => {
    const target = await start(tcpTarget(() => undefined));
    const result = await probe(`http://127.0.0.1:${target.port}/`, { timeoutMs: 300 });
    expect(result).toEqual({ status: 'down', latencyMs: 300, reason: 'timeout' });
  });

  it('is down with "timeout" when the target sends headers and then hangs, even with no text expected', async () => {
    const target = await start(httpTarget((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.flushHeaders();
    }));
    expect(await probe(target.url, { timeoutMs: 300 })).toEqual({ status: 'down', latencyMs: 300, reason: 'timeout' });
  });

  it('is down with "timeout" when the body trickles in slower than the deadline', async () => {
    const target = await start(httpTarget((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    }));
    expect(await probe(target.url, { timeoutMs: 300 })).toEqual({ status: 'down', latencyMs: 300, reason: 'timeout' });
    expect(await probe(target.url, { timeoutMs: 300, expect: { status: [{ from: 200, to: 299 }], body: 'done' } })).toMatchObject({
      status: 'down',
      reason: 'timeout',
    });
  });

  describe('against a 50 MB body', () => {
    let target: Target;
    let bytesRequested = 0;
    beforeAll(async () => {
      target = await start(httpTarget((req, res) => {
        bytesRequested++;
        res.writeHead(200, { 'content-type': 'text/plain' });
        if (req.url === '/marked') res.write('"status":"ok"');
        streamBytes(res, 50 * 1024 * 1024);
      }));
    });

    it('reads at most 1 MiB and is up when no text is expected', async () => {
      expect(await probe(target.url, { timeoutMs: 5_000 })).toMatchObject({ status: 'up' });
    });

    it('is up as soon as the expected text is seen', async () => {
      const result = await probe(`${target.url}/marked`, { timeoutMs: 5_000, expect: { status: [{ from: 200, to: 299 }], body: '"status":"ok"' } });
      expect(result).toMatchObject({ status: 'up' });
    });

    it('is down with "body_too_large" when the text is not in the first MiB', async () => {
      const result = await probe(target.url, { timeoutMs: 5_000, expect: { status: [{ from: 200, to: 299 }], body: '"status":"ok"' } });
      expect(result).toMatchObject({ status: 'down', reason: 'body_too_large' });
      expect(bytesRequested).toBe(3);
    });
  });

  it('is down with "body" when a short body lacks the expected text, including across chunks', async () => {
    const target = await start(httpTarget((req, res) => {
      if (req.url === '/split') {
        res.write('{"stat');
        setTimeout(() => res.end('us":"ok"}'), 10);
      } else res.end('{"status":"starting"}');
    }));
    const expecting = { expect: { status: [{ from: 200, to: 299 }], body: '"status":"ok"' } };
    expect(await probe(target.url, expecting)).toMatchObject({ status: 'down', reason: 'body' });
    expect(await probe(`${target.url}/split`, expecting)).toMatchObject({ status: 'up' });
  });

  it('follows up to 5 redirects, and fails with "too_many_redirects" beyond, even though 3xx is an expected status', async () => {
    const target = await start(httpTarget((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const left = Number(url.searchParams.get('left') ?? '0');
      if (url.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      if (left > 0) {
        res.writeHead(301, { location: `/chain?left=${left - 1}` });
        return res.end();
      }
      res.end('arrived');
    }));
    const expecting = { expect: { status: [{ from: 200, to: 399 }], body: 'arrived' } };
    expect(await probe(`${target.url}/chain?left=5`, expecting)).toMatchObject({ status: 'up' });
    expect(await probe(`${target.url}/chain?left=6`, expecting)).toMatchObject({ status: 'down', reason: 'too_many_redirects' });
    expect(await probe(`${target.url}/loop`)).toMatchObject({ status: 'down', reason: 'too_many_redirects' });
  });

  it('is down with "tls" against a self-signed certificate', async () => {
    const target = await start(httpsTarget((_req, res) => res.end('ok')));
    expect(await probe(target.url)).toMatchObject({ status: 'down', reason: 'tls' });
  });

  it('is down with "dns" for a name that does not resolve', async () => {
    expect(await probe('http://veille-probe-test.invalid/health', { timeoutMs: 5_000 })).toMatchObject({ status: 'down', reason: 'dns' });
  });

  it('is down with "reset" when the target resets the connection', async () => {
    const target = await start(tcpTarget((socket) => socket.once('data', () => socket.resetAndDestroy())));
    expect(await probe(`http://127.0.0.1:${target.port}/`)).toMatchObject({ status: 'down', reason: 'reset' });
  });

  it('is down with "reset" when the target closes the connection without answering', async () => {
    const target = await start(tcpTarget((socket) => socket.once('data', () => socket.destroy())));
    expect(await probe(`http://127.0.0.1:${target.port}/`)).toMatchObject({ status: 'down', reason: 'reset' });
  });

  it.each([
    { answer: 'headers past the 16 KiB undici reads', reply: `HTTP/1.1 200 OK\r\nx-flood: ${'a'.repeat(70_000)}\r\n\r\n`, reason: 'headers_too_large' },
    { answer: 'something that is not HTTP', reply: 'HELLO THERE\r\n\r\n', reason: 'bad_response' },
    { answer: 'a broken chunked body', reply: 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n', reason: 'bad_response' },
  ])('is down with "$reason", not a raw undici code, on $answer', async ({ reply, reason }) => {
    const target = await start(tcpTarget((socket) => socket.once('data', () => socket.write(reply))));
    expect(await probe(`http://127.0.0.1:${target.port}/`)).toMatchObject({ status: 'down', reason });
  });

  it('is degraded, not down, when slower than slowAfter', async () => {
    const target = await start(httpTarget((_req, res) => setTimeout(() => res.end('ok'), 250)));
    const result = await probe(target.url, { slowAfterMs: 50, timeoutMs: 5_000 });
    expect(result).toMatchObject({ status: 'degraded', reason: 'slow' });
    expect(result.latencyMs).toBeGreaterThan(50);
  });

  it('sends HEAD when the check says so', async () => {
    const methods: string[] = [];
    const target = await start(httpTarget((req, res) => {
      methods.push(req.method!);
      res.end();
    }));
    await probe(target.url, { method: 'HEAD' });
    expect(methods).toEqual(['HEAD']);
  });

  it('ends at once with reason "stopped" when the prober stops', async () => {
    const target = await start(tcpTarget(() => undefined));
    const stop = new AbortController();
    const pending = runProbe(check(target.url.replace('tcp:', 'http:'), { timeoutMs: 60_000 }), { dispatcher: agent, stopSignal: stop.signal });
    setTimeout(() => stop.abort(), 20);
    expect(await pending).toMatchObject({ status: 'down', reason: 'stopped' });
  });
});

describe('a TCP probe', () => {
  it('is up when the port accepts a connection', async () => {
    const target = await start(tcpTarget((socket) => socket.end()));
    expect(await probe(`tcp://127.0.0.1:${target.port}`)).toMatchObject({ status: 'up', reason: null });
  });

  it('is down with "refused" on a closed port and "dns" for an unknown name', async () => {
    expect(await probe(`tcp://127.0.0.1:${await closedPort()}`)).toMatchObject({ status: 'down', reason: 'refused' });
    expect(await probe('tcp://veille-probe-test.invalid:5432', { timeoutMs: 5_000 })).toMatchObject({ status: 'down', reason: 'dns' });
  });
});
