import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// An HTTP proxy in front of DynamoDB that forwards every call but, for the first `drops` calls
// of a given operation, cuts the connection after DynamoDB has applied it: the client sees a
// reset and its SDK retries a write that already happened.
export async function startLossyProxy(
  target: string,
  operation: string,
  drops = 1,
): Promise<{ endpoint: string; dropped: () => number; close: () => Promise<void> }> {
  let dropped = 0;
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (response) => {
          const body: Buffer[] = [];
          response.on('data', (chunk: Buffer) => body.push(chunk));
          response.on('end', () => {
            if (incoming.headers['x-amz-target'] === `DynamoDB_20120810.${operation}` && dropped < drops) {
              dropped++;
              incoming.socket.destroy();
              return;
            }
            outgoing.writeHead(response.statusCode ?? 500, response.headers);
            outgoing.end(Buffer.concat(body));
          });
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
