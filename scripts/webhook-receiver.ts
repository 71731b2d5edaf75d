// npm run webhook-receiver -- --port 4000 --secret whsec_… — a webhook endpoint for trying Ripple
// locally: it verifies every request with the standardwebhooks package (as any consumer should),
// prints each verified event as one JSON line {id, type, data} and answers 204; anything that does
// not verify is reported on stderr and answered 400.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4000' }, secret: { type: 'string' } } });
if (!values.secret?.startsWith('whsec_')) {
  console.error('usage: npm run webhook-receiver -- --port <port> --secret <whsec_… from POST /v1/webhooks>');
  process.exit(2);
}
const webhook = new Webhook(values.secret);
const seen = new Set<string>();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      const event = webhook.verify(body, request.headers as Record<string, string>) as { type: string; data: unknown };
      const id = String(request.headers['webhook-id']);
      // At-least-once delivery: a retry carries the same webhook-id, so a consumer drops repeats.
      if (!seen.has(id)) {
        seen.add(id);
        console.log(JSON.stringify({ id, type: event.type, data: event.data }));
      }
      response.writeHead(204).end();
    } catch (error) {
      console.error(`Rejected a request that does not verify: ${(error as Error).message}`);
      response.writeHead(400).end();
    }
  });
});
server.listen(Number(values.port), '127.0.0.1', () => console.error(`Receiving webhooks on http://127.0.0.1:${values.port}/`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
