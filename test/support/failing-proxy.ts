import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// An HTTP proxy in front of DynamoDB that forwards the first `allow` calls of one operation and
// fails every later one with DynamoDB's 500 (the SDK retries it, then gives up): a store that dies
// part way through a request, so the calls before it landed and none after it did.
export async function startFailingProxy(
  target: string,
  operation: string,
  allow: number,
): Promise<{ endpoint: string; forwarded: () => number; close: () => Promise<void> }> {
  let forwarded = 0;
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      if (incoming.headers['x-amz-target'] === `DynamoDB_20120810.${operation}`) {
        if (forwarded >= allow) {
          outgoing.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          outgoing.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'failing proxy: the store is down' }));
          return;
        }
        forwarded++;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
