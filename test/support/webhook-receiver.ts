import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { checkWebhookEvent } from './answer-check.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow or hung receiver). */
  delayMs?: number;
}

export interface WebhookReceiver {
  url(path?: string): string;
  /** Every request so far, in arrival order. */
  requests: ReceivedRequest[];
  /** The requests to `path` whose signature verifies with `secret` (standardwebhooks), parsed. */
  verified(secret: string, path?: string): Array<{ id: string; payload: any }>;
  close(): Promise<void>;
}

// A real HTTP receiver on 127.0.0.1 for webhook tests: it records what arrives and answers as
// `reply` says for the n-th request to a path (0-based), 204 by default.
export async function startReceiver(reply: (path: string, index: number) => Reply = () => ({ status: 204 })): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const index = counts.get(path) ?? 0;
      counts.set(path, index + 1);
      requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const { status, headers = {}, delayMs = 0 } = reply(path, index);
      const timer = setTimeout(() => response.writeHead(status, headers).end(), delayMs);
      response.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    requests,
    verified(secret, path) {
      const webhook = new Webhook(secret);
      return requests
        .filter((request) => path === undefined || request.path === path)
        .flatMap((request) => {
          let payload: unknown;
          try {
            payload = webhook.verify(request.body, request.headers as Record<string, string>);
          } catch {
            return [];
          }
          // What Ripple signed is what docs/openapi.json's `webhooks` promise.
          checkWebhookEvent(payload);
          return [{ id: String(request.headers['webhook-id']), payload }];
        });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
