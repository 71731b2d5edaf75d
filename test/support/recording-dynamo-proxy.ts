import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** The DynamoDB action, from the X-Amz-Target header (DynamoDB_20120810.PutItem → PutItem). */
  action: string;
  /** The index a Query or Scan named, if any. */
  index?: string;
}

// A pass-through in front of dynalite that records which DynamoDB actions (and indexes) a
// process calls, so a test can hold them against the IAM each function is granted.
export async function startRecordingProxy(target: string) {
  const calls: RecordedCall[] = [];
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const action =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      let index: string | undefined;
      try {
        index = (JSON.parse(body.toString('utf8')) as { IndexName?: string }).IndexName;
      } catch {
        index = undefined;
      }
      calls.push({ action, ...(index ? { index } : {}) });
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
