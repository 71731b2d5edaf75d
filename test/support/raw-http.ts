import { connect } from 'node:net';

// One HTTP/1.1 exchange written byte for byte, so a test can send what fetch refuses to: malformed
// Content-Length, non-ASCII header bytes, oversized headers, odd methods and request targets.

export interface RawRequest {
  method: string;
  /** The request target exactly as on the request line (path and query, already encoded). */
  target: string;
  /** Sent in order; a Buffer value goes out as its bytes (for non-ASCII). Host is added unless given. */
  headers: [string, string | Buffer][];
  /** Content-Length is added for a body unless a Content-Length or Transfer-Encoding header is given. */
  body?: Buffer;
  /**
   * Close the sending side once the request is out, for requests the server cannot finish reading
   * (a Content-Length above the body's). Otherwise it stays open: Node's server closes a
   * half-closed connection at once, before an asynchronous handler has answered.
   */
  endAfterSending?: boolean;
  /** A loopback source address (127.0.0.x), so per-address limits see many clients. */
  localAddress?: string;
}

export interface RawResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
}

const ANSWER_TIMEOUT_MS = 15_000;

/** Sends `request` to `baseUrl` on a fresh connection (`Connection: close`) and reads the whole answer. */
export function rawExchange(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const headers = [...request.headers];
  const named = (name: string) => headers.some(([header]) => header.toLowerCase() === name);
  if (!named('host')) headers.unshift(['Host', host]);
  if (request.body && !named('content-length') && !named('transfer-encoding')) headers.push(['Content-Length', String(request.body.length)]);
  headers.push(['Connection', 'close']);
  const head = Buffer.concat([
    Buffer.from(`${request.method} ${request.target} HTTP/1.1\r\n`, 'latin1'),
    ...headers.map(([name, value]) =>
      Buffer.concat([Buffer.from(`${name}: `, 'latin1'), typeof value === 'string' ? Buffer.from(value, 'latin1') : value, Buffer.from('\r\n')]),
    ),
    Buffer.from('\r\n'),
  ]);

  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(port), host: hostname, ...(request.localAddress ? { localAddress: request.localAddress } : {}) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms to ${request.method} ${request.target.slice(0, 200)}`));
    }, ANSWER_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer and close before it has read everything (a 431 after 16 KB of
    // headers): a failed write is not a failed exchange, the answer already read is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const answer = parseResponse(Buffer.concat(chunks));
      if (answer) resolve(answer);
      else reject(new Error(`no HTTP answer to ${request.method} ${request.target.slice(0, 200)}`));
    });
    const bytes = request.body ? Buffer.concat([head, request.body]) : head;
    if (request.endAfterSending) socket.end(bytes);
    else socket.write(bytes);
  });
}

function parseResponse(bytes: Buffer): RawResponse | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const name = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const rest = bytes.subarray(end + 4);
  const length = headers['content-length'] === undefined ? Number.NaN : Number(headers['content-length']);
  return { status, headers, body: Number.isInteger(length) ? rest.subarray(0, length) : rest };
}
