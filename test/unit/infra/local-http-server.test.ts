import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalApiServer } from '../../../infra/local/http-server.js';
import { InFlightRequests } from '../../../infra/local/in-flight.js';

let server: Server;
let port: number;
let handled = 0;

beforeAll(async () => {
  server = createLocalApiServer({
    loadHandler: async () => async () => {
      handled++;
      return { statusCode: 200, body: '{}' };
    },
    inFlight: new InFlightRequests(),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// Sends raw bytes and reads the whole answer until the server closes the connection.
function rawExchange(request: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head.toLowerCase(), body });
    });
    socket.end(request);
  });
}

describe('idle connections', () => {
  it('are kept a minute, and the server says so, so a client that was busy for seconds can still reuse one', async () => {
    const answer = await fetch(`http://127.0.0.1:${port}/v1/contents`);

    expect(answer.headers.get('keep-alive')).toBe('timeout=60');
  });
});

describe("the local server's own rejections", () => {
  it('answers oversized headers with 431 and a JSON error body', async () => {
    const answer = await rawExchange(`GET /v1/contents HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);

    expect(answer.status).toBe(431);
    expect(answer.headers).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('answers a bad Content-Length with 400 and a JSON error body', async () => {
    const answer = await rawExchange('POST /v1/contents HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}');

    expect(answer.status).toBe(400);
    expect(answer.headers).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('Malformed HTTP request') } });
  });

  it('answers a body over API Gateway’s 10 MB with 413 and a JSON error body', async () => {
    const size = 10 * 1024 * 1024 + 1;
    const answer = await rawExchange(
      Buffer.concat([Buffer.from(`POST /v1/contents HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`), Buffer.alloc(size, 0x61)]),
    );

    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
  });

  // Found by the hostile-input fuzzer: the dashboard built its URLs from such a Host and answered 500.
  it.each(['a b', '[::1', 'evil.example:99999', '', 'user@host', 'a/b'])(
    'answers Host: %j with 400 and a JSON error body, before any function runs',
    async (host) => {
      const before = handled;
      const answer = await rawExchange(`GET /app HTTP/1.1\r\nHost: ${host}\r\n\r\n`);

      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('Host') } });
      expect(handled).toBe(before);
    },
  );

  it.each(['example.com', 'localhost:3000', '127.0.0.1:1', '[::1]:8080'])('passes Host: %j on to the function', async (host) => {
    const before = handled;
    const answer = await rawExchange(`GET /v1/contents HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

    expect(answer.status).toBe(200);
    expect(handled).toBe(before + 1);
  });

  // Found by the hostile-input fuzzer: the gateway logged a failure and tried to answer 500 as well.
  it('answers a body cut short by the client with 400 and logs no failure of its own', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const answer = await rawExchange('POST /v1/contents HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{}');
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('Malformed HTTP request') } });
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
