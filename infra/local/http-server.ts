import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { logError } from '../../shared/log.js';
import type { HttpFunctionName } from '../../shared/topology.js';
import { type PlainRequest, toApiGatewayEvent, writeApiGatewayResult } from './api-gateway-event.js';
import type { HttpLambda } from './handlers.js';
import type { InFlightRequests } from './in-flight.js';
import { lambdaContext } from './lambda-context.js';
import { matchRoute } from './route-matcher.js';

// API Gateway refuses payloads over 10 MB before any Lambda runs; so does the local server.
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalApiOptions {
  loadHandler(name: HttpFunctionName): Promise<HttpLambda>;
  inFlight: InFlightRequests;
  /** Local-only controls under /_local/ (never part of the route table, loopback only). */
  controls?: Record<string, (body: unknown) => Promise<unknown>>;
  onRequest?(line: { method: string; path: string; status: number; ms: number }): void;
}

// The local stand-in for API Gateway: match the route table, build the v2 event, run the handler.
export function createLocalApiServer(options: LocalApiOptions): Server {
  const server = createServer((request, response) => {
    const started = performance.now();
    const control = controlOf(request, options);
    // Control calls are not API requests: they must not hold back the watermark they wait on.
    const end = control ? () => undefined : options.inFlight.begin();
    response.on('close', end);
    response.on('finish', () =>
      options.onRequest?.({
        method: request.method ?? '',
        path: (request.url ?? '').split('?')[0] ?? '',
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
      }),
    );
    (control ? serveControl(request, response, control) : serve(request, response, options)).catch((error: unknown) => {
      // A client that hung up before its body was whole has no one left to answer (Node has
      // already answered what it could parse: a 400); that is the client's doing, not a failure.
      if (request.destroyed && (error as NodeJS.ErrnoException).code === 'ECONNRESET') return void response.destroy();
      logError('Local API gateway failure', error);
      if (!response.headersSent) gatewayError(response, 500, 'internal_error', 'Internal Server Error');
      else response.destroy();
    });
  });
  server.on('clientError', answerClientError);
  // Idle connections stay open as long as a load balancer's would (60 s), not Node's 5 s: a client
  // that was busy for a few seconds must not reuse a connection closed under it ("other side closed").
  server.keepAliveTimeout = 60_000;
  return server;
}

// What Node's parser refuses before any handler runs, answered with the same JSON error shape as
// every other error (Node's default is an empty body).
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'Request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'The request took too long to arrive' },
};

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) {
  // As Node does: answer only a connection that has sent nothing yet (no response half written).
  if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''];
  const { status, code, message } = known ?? { status: 400, code: 'bad_request', message: `Malformed HTTP request (${error.code ?? 'parse error'})` };
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

// RFC 9112 §3.2: a Host that is not a host name or address (with a port) is a 400. API Gateway
// never passes such a request to a function; handlers build public URLs from the Host.
const HOST = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const isHost = (value: string | undefined) => value !== undefined && HOST.test(value) && URL.canParse(`http://${value}/`);

async function serve(request: IncomingMessage, response: ServerResponse, options: LocalApiOptions) {
  if (!isHost(request.headers.host)) {
    return gatewayError(response, 400, 'bad_request', 'The Host header must be a host name or address, with an optional port');
  }
  const body = await readBody(request);
  if (body === null) return gatewayError(response, 413, 'payload_too_large', `Request body exceeds ${GATEWAY_MAX_BODY_BYTES} bytes`);
  const method = (request.method ?? 'GET').toUpperCase();
  const plain: PlainRequest = {
    method,
    url: request.url ?? '/',
    headers: request.headers,
    body,
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  };
  const match = matchRoute(method, plain.url.split('?')[0] ?? '/');
  const handler = await options.loadHandler(match.functionName);
  let result: Awaited<ReturnType<typeof handler>>;
  try {
    result = await handler(toApiGatewayEvent(plain, match), lambdaContext(match.functionName));
  } catch (error) {
    // What API Gateway answers when the Lambda itself fails.
    logError(`Function ${match.functionName} failed`, error);
    return gatewayError(response, 500, 'internal_error', 'Internal Server Error');
  }
  writeApiGatewayResult(result, response, method);
}

function controlOf(request: IncomingMessage, options: LocalApiOptions) {
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (request.method !== 'POST' || !path.startsWith('/_local/')) return undefined;
  const loopback = /^(127\.|::1$|::ffff:127\.)/.test(request.socket.remoteAddress ?? '');
  return loopback ? options.controls?.[path.slice('/_local/'.length)] : undefined;
}

async function serveControl(request: IncomingMessage, response: ServerResponse, control: (body: unknown) => Promise<unknown>) {
  const body = await readBody(request);
  const text = body?.toString('utf8') ?? '';
  const result = await control(text ? JSON.parse(text) : {});
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(result));
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

// The gateway's own errors in the API's error shape, so a client parses one shape everywhere.
function gatewayError(response: ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}
