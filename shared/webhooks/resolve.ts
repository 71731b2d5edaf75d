import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type AddressVerdict, judgeAddress } from '../domain/webhooks/target-policy.js';

/** All addresses a hostname resolves to (IPv4 and IPv6). Injectable so tests can lie. */
export type Resolver = (hostname: string) => Promise<string[]>;

/** The operating system's resolver (getaddrinfo, so /etc/hosts and `localhost` count). */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
};

export type TargetCheck =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: 'unresolvable' | 'forbidden'; detail: string; privateTargetsWouldAllow?: true };

/** Checks a webhook URL's host: an IP literal is judged as is; a name is resolved and EVERY address must be allowed. */
export async function checkTarget(url: string, resolver: Resolver, options: { allowPrivate: boolean }): Promise<TargetCheck> {
  const hostname = hostOf(url);
  if (hostname === null) return { ok: false, reason: 'forbidden', detail: 'not an http(s) URL' };

  // WHATWG URL has already canonicalised odd IPv4 spellings (0x7f.1, 2130706433, 127.1 …).
  if (isIP(hostname) !== 0) {
    const verdict = judgeAddress(hostname, options);
    return verdict.allowed
      ? { ok: true, addresses: [hostname] }
      : { ok: false, reason: 'forbidden', detail: `${hostname} is ${verdict.reason}`, ...wouldAllow([verdict]) };
  }

  let addresses: string[];
  try {
    addresses = await resolver(hostname);
  } catch (error) {
    return { ok: false, reason: 'unresolvable', detail: `${hostname} does not resolve (${errorText(error)})` };
  }
  if (addresses.length === 0) {
    return { ok: false, reason: 'unresolvable', detail: `${hostname} has no addresses` };
  }
  // Any single bad answer refuses the name: the connection could be given that one.
  const refused = addresses.flatMap((address) => {
    const verdict = judgeAddress(address, options);
    return verdict.allowed ? [] : [{ address, verdict }];
  });
  const [first] = refused;
  if (first) {
    const detail = `${hostname} resolves to ${first.address} (${first.verdict.reason})`;
    return { ok: false, reason: 'forbidden', detail, ...wouldAllow(refused.map((each) => each.verdict)) };
  }
  return { ok: true, addresses };
}

// Only when allowPrivate would open every refused address is the setting worth naming.
function wouldAllow(verdicts: Extract<AddressVerdict, { allowed: false }>[]): { privateTargetsWouldAllow?: true } {
  return verdicts.every((verdict) => verdict.openedByAllowPrivate) ? { privateTargetsWouldAllow: true } : {};
}

/** The URL's host without IPv6 brackets, or null when it is not a parsable http(s) URL. */
function hostOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
