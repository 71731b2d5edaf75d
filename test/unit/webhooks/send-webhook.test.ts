import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkTarget, type Resolver } from '../../../shared/webhooks/resolve.js';
import { sendWebhook } from '../../../shared/webhooks/send-webhook.js';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  port: number;
  requests: Received[];
  /** TCP connections accepted, request or not: proves whether a socket ever reached us. */
  connections: number;
  /** SNI names seen in TLS handshakes (https receivers only). */
  servernames: string[];
}

type Respond = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function startReceiver(respond: Respond, tls?: { key: string; cert: string }): Promise<Receiver> {
  const receiver: Receiver = { port: 0, requests: [], connections: 0, servernames: [] };
  const handler: http.RequestListener = (req, res) => {
    // Writes to a client that has hung up must not surface as unhandled errors.
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receiver.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      respond(req, res, body);
    });
  };
  const server = tls
    ? https.createServer(
        {
          ...tls,
          SNICallback: (servername, callback) => {
            receiver.servernames.push(servername);
            callback(null);
          },
        },
        handler,
      )
    : http.createServer(handler);
  server.on('connection', () => {
    receiver.connections += 1;
  });
  server.on('tlsClientError', () => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  return receiver;
}

function status(code: number, headers: Record<string, string> = {}): Respond {
  return (_req, res) => {
    res.writeHead(code, headers);
    res.end('ok');
  };
}

// Answers every name with the given addresses, counting calls.
function resolverTo(...addresses: string[]) {
  return vi.fn<Resolver>(async () => addresses);
}

const body = JSON.stringify({ type: 'content.threshold_crossed', timestamp: '2024-05-01T00:00:00.000Z', data: { value: 1.5, note: 'héllo ✓' } });

function attempt(url: string, overrides: Partial<Parameters<typeof sendWebhook>[0]> = {}) {
  return sendWebhook({
    url,
    body,
    headers: {},
    resolver: resolverTo('127.0.0.1'),
    allowPrivate: true,
    timeoutMs: 5_000,
    ...overrides,
  });
}

describe('sendWebhook against a real receiver', () => {
  it('delivers on 2xx with the exact body and headers, verifiable by standardwebhooks', async () => {
    const receiver = await startReceiver(status(204));
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const id = 'msg_2x7bKwNEXsS1dL7o';
    const timestamp = new Date();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
      'user-agent': 'Ripple-Webhooks/1',
      'Content-Type': 'text/plain', // overridden: the body is JSON
    };
    const resolver = resolverTo('127.0.0.1');

    const result = await attempt(`http://receiver.test:${receiver.port}/hooks/in?tenant=a%20b`, { headers, resolver });

    expect(result).toEqual({ outcome: 'delivered', responseCode: 204, durationMs: expect.any(Number), error: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(resolver).toHaveBeenCalledWith('receiver.test');
    expect(receiver.requests).toHaveLength(1);
    const [received] = receiver.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/hooks/in?tenant=a%20b', body });
    expect(received!.headers).toMatchObject({
      'webhook-id': headers['webhook-id'],
      'webhook-timestamp': headers['webhook-timestamp'],
      'webhook-signature': headers['webhook-signature'],
      'user-agent': 'Ripple-Webhooks/1',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      host: `receiver.test:${receiver.port}`,
    });
    expect(() => new Webhook(secret).verify(received!.body, received!.headers as Record<string, string>)).not.toThrow();
  });

  it('delivers to an IP literal without consulting the resolver', async () => {
    const receiver = await startReceiver(status(200));
    const resolver = resolverTo('8.8.8.8');
    expect(await attempt(`http://127.0.0.1:${receiver.port}/`, { resolver })).toMatchObject({ outcome: 'delivered', responseCode: 200 });
    expect(resolver).not.toHaveBeenCalled();
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails on 500', async () => {
    const receiver = await startReceiver(status(500));
    expect(await attempt(`http://127.0.0.1:${receiver.port}/`)).toMatchObject({ outcome: 'failed', responseCode: 500, error: 'HTTP 500' });
  });

  it('fails on other non-2xx statuses', async () => {
    const receiver = await startReceiver(status(404));
    expect(await attempt(`http://receiver.test:${receiver.port}/`)).toMatchObject({ outcome: 'failed', responseCode: 404 });
  });

  it('reports 410 as gone', async () => {
    const receiver = await startReceiver(status(410));
    expect(await attempt(`http://127.0.0.1:${receiver.port}/`)).toEqual({
      outcome: 'gone',
      responseCode: 410,
      durationMs: expect.any(Number),
      error: null,
    });
  });

  it('never follows a redirect', async () => {
    const other = await startReceiver(status(200));
    const location = `http://127.0.0.1:${other.port}/`;
    const receiver = await startReceiver(status(302, { location }));
    const result = await attempt(`http://127.0.0.1:${receiver.port}/`);
    expect(result).toMatchObject({ outcome: 'failed', responseCode: 302 });
    expect(result.error).toBe(`redirect to ${location} not followed`);
    expect(receiver.requests).toHaveLength(1);
    expect(other.connections).toBe(0);
    expect(other.requests).toHaveLength(0);
  });

  it('fails with "timeout" when the receiver never answers', async () => {
    const receiver = await startReceiver(() => {});
    const started = performance.now();
    const result = await attempt(`http://receiver.test:${receiver.port}/`, { timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ outcome: 'failed', responseCode: null, error: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('reads at most a bounded part of a huge response', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // An endless body: the attempt must end without waiting for it.
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const result = await attempt(`http://127.0.0.1:${receiver.port}/`, { timeoutMs: 3_000 });
    expect(result).toMatchObject({ outcome: 'delivered', responseCode: 200, error: null });
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('fails on network errors', async () => {
    const receiver = await startReceiver(status(200));
    const port = receiver.port;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const result = await attempt(`http://receiver.test:${port}/`);
    expect(result).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('fails when the name does not resolve', async () => {
    const resolver = vi.fn<Resolver>(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND gone.test'), { code: 'ENOTFOUND' });
    });
    const result = await attempt('http://gone.test/', { resolver });
    expect(result).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(result.error).toMatch(/does not resolve.*ENOTFOUND/);
    expect(await attempt('http://empty.test/', { resolver: resolverTo() })).toMatchObject({ outcome: 'failed' });
  });

  it('fails on URLs it cannot send to', async () => {
    expect(await attempt('not a url')).toMatchObject({ outcome: 'failed', error: 'invalid URL' });
    expect(await attempt('ftp://receiver.test/')).toMatchObject({ outcome: 'failed' });
  });

  it('refuses a target forbidden by policy without connecting', async () => {
    const receiver = await startReceiver(status(200));
    const literal = await attempt(`http://127.0.0.1:${receiver.port}/`, { allowPrivate: false });
    expect(literal).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(literal.error).toMatch(/refused.*loopback/);
    const named = await attempt(`http://receiver.test:${receiver.port}/`, { allowPrivate: false });
    expect(named).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(named.error).toMatch(/refused.*receiver\.test.*127\.0\.0\.1.*loopback/);
    const mapped = await attempt(`http://[::ffff:127.0.0.1]:${receiver.port}/`, { allowPrivate: false });
    expect(mapped).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses metadata addresses even when private targets are allowed', async () => {
    const resolver = resolverTo('169.254.169.254');
    const result = await attempt('http://metadata.test/latest/meta-data/', { resolver, allowPrivate: true, timeoutMs: 1_000 });
    expect(result).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(result.error).toMatch(/link-local \/ cloud metadata/);
  });

  it('keeps verifying TLS certificates against the hostname (SNI sent) when it supplies the address', async () => {
    const receiver = await startReceiver(status(200), { key: TEST_KEY, cert: TEST_CERT });
    const result = await attempt(`https://receiver.test:${receiver.port}/`);
    expect(result).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(result.error).toMatch(/certificate/);
    expect(receiver.servernames).toEqual(['receiver.test']);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('DNS rebinding', () => {
  it('checks again at connect time: public at subscription, loopback at delivery → never connects', async () => {
    const receiver = await startReceiver(status(200));
    let calls = 0;
    const flipping = vi.fn<Resolver>(async () => (++calls === 1 ? ['93.184.216.34'] : ['127.0.0.1']));
    const url = `http://rebind.test:${receiver.port}/hook`;

    expect(await checkTarget(url, flipping, { allowPrivate: false })).toEqual({ ok: true, addresses: ['93.184.216.34'] });
    const result = await sendWebhook({ url, body, headers: {}, resolver: flipping, allowPrivate: false, timeoutMs: 2_000 });

    expect(flipping).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({ outcome: 'failed', responseCode: null });
    expect(result.error).toMatch(/refused.*127\.0\.0\.1.*loopback/);
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('never connects when the connect-time answer is private, even alongside public addresses', async () => {
    const receiver = await startReceiver(status(200));
    for (const answer of [['10.0.0.5'], ['93.184.216.34', '127.0.0.1'], ['::ffff:127.0.0.1']]) {
      const result = await sendWebhook({
        url: `http://rebind.test:${receiver.port}/`,
        body,
        headers: {},
        resolver: resolverTo(...answer),
        allowPrivate: false,
        timeoutMs: 2_000,
      });
      expect(result).toMatchObject({ outcome: 'failed', responseCode: null });
      expect(result.error).toMatch(/refused/);
    }
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('connects only to the address checked at connect time, once per attempt', async () => {
    const receiver = await startReceiver(status(200));
    const resolver = resolverTo('127.0.0.1', '::1');
    const result = await attempt(`http://rebind.test:${receiver.port}/`, { resolver });
    expect(result).toMatchObject({ outcome: 'delivered' });
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(receiver.connections).toBe(1);
  });
});

// Self-signed for receiver.test (EC P-256, valid to 2126): a test fixture, trusted by nobody.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdITX4R6RYvmVttTy
Fga7PbsKoL4N0OdkvH/JtlcyvtuhRANCAAT8XfiFrxpguKkwoTXPjOcnmgAAjJVG
9OVCP6+xm+MQOj3ps1asoBy4G4T/lI2frNf22/bhLZZFTTICv6nj+vkR
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBojCCAUegAwIBAgIUMKp40e/lxifn2SPv0RsvL0k5Pq8wCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNcmVjZWl2ZXIudGVzdDAgFw0yNjExMjYxMDAyMDNaGA8yMTI2
MTEwMjEwMDIwM1owGDEWMBQGA1UEAwwNcmVjZWl2ZXIudGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABPxd+IWvGmC4qTChNc+M5yeaAACMlUb05UI/r7Gb4xA6
PemzVqygHLgbhP+UjZ+s1/bb9uEtlkVNMgK/qeP6+RGjbTBrMB0GA1UdDgQWBBT/
3xwjBWK5alABCxrpGV0kfYIh6TAfBgNVHSMEGDAWgBT/3xwjBWK5alABCxrpGV0k
fYIh6TAPBgNVHRMBAf8EBTADAQH/MBgGA1UdEQQRMA+CDXJlY2VpdmVyLnRlc3Qw
CgYIKoZIzj0EAwIDSQAwRgIhAKFtDhlUcHwHbA/twzDNAkrSkll1jl1jFz2c/ZP7
2NfKAiEAzOTXB3I9oAZH2cdgVQxWjMhGFoG1w85rF5zYUFceMT8=
-----END CERTIFICATE-----
`;
