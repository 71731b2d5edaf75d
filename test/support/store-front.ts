import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the front does to one DynamoDB call a fault rule matches. */
export type Fault =
  /** Answered as DynamoDB answers a throttled call (HTTP 400, nothing applied). */
  | 'ProvisionedThroughputExceededException'
  | 'ThrottlingException'
  /** DynamoDB's own 500 (nothing applied). */
  | 'InternalServerError'
  /** Never forwarded, never answered: the client's per-attempt timeout ends it (nothing applied). */
  | 'timeout'
  /** Forwarded and applied, but the answer never comes back: the client times out on a write that happened. */
  | 'timeout-after-apply'
  /** The store stops answering from this call on, as stall() (a pause at a chosen point of a run). */
  | 'stall'
  /** The store goes away from this call on, as down(). */
  | 'down';

export interface FaultRule {
  /** The DynamoDB action (PutItem, UpdateItem, …). */
  action: string;
  /** Only calls whose JSON body contains this text, or all of these (e.g. an item type: `"type":{"S":"click"}`). */
  bodyIncludes?: string | string[];
  fault: Fault;
  /** How many matching calls to fault (the SDK makes up to 3 attempts per call). */
  times: number;
  /** How many matching calls to let through first (a fault at a chosen point of a run). */
  after?: number;
}

export interface StoreFront {
  /** What the functions are pointed at (RIPPLE_LOCAL_FUNCTIONS_DYNAMODB_ENDPOINT). */
  endpoint: string;
  /** Where calls go; until it is set, calls wait as if the store were stalled. */
  setTarget(endpoint: string): void;
  /** The store stops answering (as a SIGSTOPped process): calls are held, unanswered. */
  stall(): void;
  /** The store answers again; held calls reach it now, late (as after SIGCONT), answered to whoever still waits. */
  resume(): void;
  /** The store is gone (as a killed process): every connection is cut and new ones are reset. */
  down(): void;
  up(): void;
  /** Faults the next calls the rule matches; answers how many it has faulted so far. */
  inject(rule: FaultRule): () => number;
  /** Forgets every rule not met yet and forwards again (between tests). */
  reset(): void;
  close(): Promise<void>;
}

const DYNAMODB_ERRORS: Record<string, { status: number; type: string }> = {
  ProvisionedThroughputExceededException: { status: 400, type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException' },
  ThrottlingException: { status: 400, type: 'com.amazon.coral.availability#ThrottlingException' },
  InternalServerError: { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' },
};

interface HeldCall {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  body: Buffer;
}

// An HTTP front between the local stack's functions and its dynalite, for fault tests: it forwards
// every call unless told to stall (hold calls), go down (cut and refuse connections) or fault the
// next calls of one action. Self-contained: the stack only learns its address (local settings).
export async function startStoreFront(): Promise<StoreFront> {
  let target: URL | undefined;
  let stalled = false;
  let isDown = false;
  const held: HeldCall[] = [];
  const rules: Array<FaultRule & { passed: number; met: number }> = [];
  const sockets = new Set<Socket>();

  const forward = (call: HeldCall, answer = true) => {
    const { incoming, outgoing, body } = call;
    if (!target) {
      held.push(call);
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        if (!answer || outgoing.destroyed) return response.resume();
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    upstream.end(body);
  };

  const matchingRule = (action: string, body: Buffer) => {
    const text = body.toString('utf8');
    const rule = rules.find((candidate) => candidate.action === action && [candidate.bodyIncludes ?? []].flat().every((part) => text.includes(part)));
    if (!rule) return undefined;
    if (rule.passed < (rule.after ?? 0)) {
      rule.passed++;
      return undefined;
    }
    if (++rule.met >= rule.times) rules.splice(rules.indexOf(rule), 1);
    return rule.fault;
  };

  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const call = { incoming, outgoing, body: Buffer.concat(chunks) };
      if (isDown) return outgoing.destroy();
      if (stalled) {
        held.push(call);
        return;
      }
      const action =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const fault = matchingRule(action, call.body);
      if (fault === 'stall') {
        stalled = true;
        held.push(call);
        return;
      }
      if (fault === 'down') return front.down();
      if (fault === 'timeout') return; // the client gives up on it; nothing reaches the store
      if (fault === 'timeout-after-apply') return forward(call, false);
      if (fault) {
        const { status, type } = DYNAMODB_ERRORS[fault] ?? { status: 500, type: fault };
        outgoing.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type.split('#')[1] ?? type });
        return outgoing.end(JSON.stringify({ __type: type, message: `injected ${fault}` }));
      }
      forward(call);
    });
  });
  server.on('connection', (socket) => {
    if (isDown) return socket.resetAndDestroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const release = () => {
    for (const call of held.splice(0)) forward(call);
  };
  const front: StoreFront = {
    endpoint: `http://127.0.0.1:${port}`,
    setTarget(endpoint) {
      target = new URL(endpoint);
      if (!stalled) release();
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      release();
    },
    down() {
      isDown = true;
      held.splice(0);
      for (const socket of sockets) socket.resetAndDestroy();
    },
    up() {
      isDown = false;
    },
    inject(rule) {
      const counted = { ...rule, passed: 0, met: 0 };
      rules.push(counted);
      return () => counted.met;
    },
    reset() {
      rules.splice(0);
      isDown = false;
      front.resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return front;
}
