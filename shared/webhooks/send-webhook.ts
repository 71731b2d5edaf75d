import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { judgeAddress } from '../domain/webhooks/target-policy.js';
import type { Resolver } from './resolve.js';

export interface DeliveryOutcome {
  outcome: 'delivered' | 'failed' | 'gone';
  responseCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  resolver: Resolver;
  allowPrivate: boolean;
  timeoutMs: number;
}

// The receiver's reply is only read so the exchange ends cleanly; its content is never used.
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one webhook attempt and classifies it: 2xx delivered, 410 gone, anything else
 * (3xx included — redirects are never followed), a refused target, a network error or the
 * timeout: failed. Never rejects.
 */
export async function sendWebhook(request: WebhookRequest): Promise<DeliveryOutcome> {
  const started = performance.now();
  const outcome = (kind: DeliveryOutcome['outcome'], responseCode: number | null, error: string | null): DeliveryOutcome => ({
    outcome: kind,
    responseCode,
    durationMs: Math.round(performance.now() - started),
    error,
  });

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return outcome('failed', null, 'invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return outcome('failed', null, `unsupported scheme ${url.protocol}`);
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIP(host) !== 0;
  if (literal) {
    // Node skips `lookup` for IP literals, so the address is judged here, before any socket exists.
    const verdict = judgeAddress(host, { allowPrivate: request.allowPrivate });
    if (!verdict.allowed) return outcome('failed', null, `refused target: ${host} is ${verdict.reason}`);
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!/^content-(type|length)$/i.test(name)) headers[name] = value;
  }
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(request.body));

  return new Promise<DeliveryOutcome>((resolve) => {
    let req: http.ClientRequest | undefined;
    let settled = false;
    // Set once the status line arrives: from then on the verdict is known and only draining remains.
    let answered: DeliveryOutcome['outcome'] | undefined;
    let responseCode: number | null = null;
    let responseError: string | null = null;

    const settle = (kind: DeliveryOutcome['outcome'], error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(outcome(kind, responseCode, error));
    };
    const settleAnswered = () => settle(answered ?? 'failed', responseError);

    const timer = setTimeout(() => {
      if (answered) settleAnswered();
      else settle('failed', 'timeout');
    }, request.timeoutMs);

    const options: https.RequestOptions = {
      method: 'POST',
      protocol: url.protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      // A fresh socket per attempt: a pooled one would have been checked at some earlier time.
      agent: false,
      ...(literal ? {} : { lookup: checkedLookup(request.resolver, request.allowPrivate), servername: host }),
    };

    try {
      req = (url.protocol === 'https:' ? https : http).request(options, (res) => {
        responseCode = res.statusCode ?? null;
        [answered, responseError] = classify(res.statusCode ?? 0, res.headers.location);
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received >= MAX_RESPONSE_BYTES) settleAnswered();
        });
        res.on('end', settleAnswered);
        res.on('error', settleAnswered);
        res.on('close', settleAnswered);
      });
    } catch (error) {
      // e.g. a header value with characters HTTP forbids
      settle('failed', errorText(error));
      return;
    }
    req.on('error', (error) => {
      if (answered) settleAnswered();
      else settle('failed', errorText(error));
    });
    req.end(request.body);
  });
}

function classify(status: number, location: string | undefined): [DeliveryOutcome['outcome'], string | null] {
  if (status >= 200 && status < 300) return ['delivered', null];
  if (status === 410) return ['gone', null];
  if (status >= 300 && status < 400) {
    return ['failed', location ? `redirect to ${location} not followed` : `redirect (HTTP ${status}) not followed`];
  }
  return ['failed', `HTTP ${status}`];
}

/**
 * A socket `lookup` that resolves at connect time, refuses the connection if any answer is
 * refused by policy, and hands the socket exactly one checked address — so what is connected
 * to is what was judged just then, whatever the name resolves to a moment earlier or later.
 */
function checkedLookup(resolver: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const wantedFamily = familyNumber(options.family);
    pick(resolver, hostname, allowPrivate, wantedFamily).then(
      (address) => {
        const family = isIP(address);
        if (options.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

async function pick(resolver: Resolver, hostname: string, allowPrivate: boolean, family: 0 | 4 | 6): Promise<string> {
  let addresses: string[];
  try {
    addresses = await resolver(hostname);
  } catch (error) {
    throw lookupError(`${hostname} does not resolve (${errorText(error)})`, 'ENOTFOUND');
  }
  if (addresses.length === 0) throw lookupError(`${hostname} has no addresses`, 'ENOTFOUND');
  for (const address of addresses) {
    // The socket needs a plain address; an odd spelling could be read differently than judged.
    if (isIP(address) === 0) throw lookupError(`refused target: ${hostname} resolves to "${address}", not an IP address`);
    const verdict = judgeAddress(address, { allowPrivate });
    if (!verdict.allowed) {
      throw lookupError(`refused target: ${hostname} resolves to ${address} (${verdict.reason})`);
    }
  }
  const chosen = family === 0 ? addresses[0] : addresses.find((address) => isIP(address) === family);
  if (chosen === undefined) throw lookupError(`${hostname} has no IPv${family} address`, 'ENOTFOUND');
  return chosen;
}

function familyNumber(family: number | string | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function lookupError(message: string, code = 'EWEBHOOKTARGET'): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
