// The browsers and API clients of a load run, as one stream of requests: redirect clicks by distinct
// visitors (a first visit without a cookie, returning visits with the cookie it set), public
// re-shares by visitors who clicked, and API reads. No I/O: it says what to send next and keeps a
// ledger of what was answered, against which the stored outcome is checked exactly (checks.ts).
import type { IncomingHttpHeaders } from 'node:http';
import { browserUserAgentOf } from '../browsers.js';
import { mulberry32 } from '../galton-watson.js';
import type { LoadPlan } from './plan.js';

export type LoadRoute = 'redirect' | 'reshare' | 'report' | 'link' | 'cascade';

export const ROUTE_NAMES: Record<LoadRoute, string> = {
  redirect: 'GET /{code} (click)',
  reshare: 'POST /v1/links/{code}/reshare',
  report: 'GET /v1/contents/{id}/report',
  link: 'GET /v1/links/{code}',
  cascade: 'GET /v1/contents/{id}/cascade',
};

export interface PlannedRequest {
  route: LoadRoute;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The visitor (redirect, re-share) and the link code concerned. */
  visitor?: number;
  code?: string;
}

export interface LoadLedger {
  /** Per link code: the 302s answered, and to which visitors. */
  redirects: Map<string, { answered: number; visitors: Set<number> }>;
  /** Children named by re-share answers (201 and 200): their parent and visitor. */
  children: Map<string, { parent: string; visitor: number }>;
  /** Re-share answers naming another child than the visitor's first answer for that parent. */
  childMismatches: number;
  /** Answers per route and status. */
  statuses: Record<LoadRoute, Map<number, number>>;
}

export interface Crowd {
  /** Total requests the plan sends. */
  total: number;
  next(): PlannedRequest;
  answered(request: PlannedRequest, status: number, body: string, headers: IncomingHttpHeaders): void;
  ledger: LoadLedger;
}

export function makeCrowd(plan: LoadPlan): Crowd {
  const random = mulberry32(plan.randomSeed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const schedule = scheduleOf(plan, random);
  const codes = [...plan.seeds];
  const cookies = new Map<number, string>();
  const withCookie: number[] = [];
  const lastCode = new Map<number, string>();
  /** Per visitor, the child first answered for each parent they re-shared. */
  const firstChild = new Map<number, Map<string, string>>();
  let sent = 0;
  let clicksSent = 0;
  let newVisitors = 0;
  const ledger: LoadLedger = {
    redirects: new Map(),
    children: new Map(),
    childMismatches: 0,
    statuses: { redirect: new Map(), reshare: new Map(), report: new Map(), link: new Map(), cascade: new Map() },
  };
  const auth = { authorization: `Bearer ${plan.apiKey}` };
  const browser = (visitor: number) => ({
    'user-agent': browserUserAgentOf(visitor),
    ...(cookies.has(visitor) ? { cookie: cookies.get(visitor) as string } : {}),
  });

  // A new visitor as often as needed to reach `visitors` by the last click; a returning one (who
  // holds the cookie of an earlier answer) otherwise.
  const clickVisitor = () => {
    const clicksLeft = plan.clicks - clicksSent;
    const newLeft = plan.visitors - newVisitors;
    const fresh = newLeft > 0 && (withCookie.length === 0 || clicksLeft <= newLeft || random() < newLeft / clicksLeft);
    return fresh ? newVisitors++ : pick(withCookie);
  };
  // Someone who clicked re-shares the link they last clicked.
  const resharer = () => (withCookie.length > 0 ? pick(withCookie) : Math.floor(random() * newVisitors));

  const build = (route: LoadRoute): PlannedRequest => {
    const get = (path: string): PlannedRequest => ({ route, method: 'GET', path, headers: auth, body: '' });
    switch (route) {
      case 'redirect': {
        const visitor = clickVisitor();
        const code = pick(codes);
        clicksSent++;
        lastCode.set(visitor, code);
        return { route, method: 'GET', path: `/${code}`, headers: { accept: 'text/html', ...browser(visitor) }, body: '', visitor, code };
      }
      case 'reshare': {
        const visitor = resharer();
        const code = lastCode.get(visitor) as string;
        const headers = { 'content-type': 'application/json', ...browser(visitor) };
        return { route, method: 'POST', path: `/v1/links/${code}/reshare`, headers, body: '{}', visitor, code };
      }
      case 'report':
        return get(`/v1/contents/${plan.contentId}/report`);
      case 'link':
        return get(`/v1/links/${pick(codes)}`);
      case 'cascade':
        return get(`/v1/contents/${plan.contentId}/cascade?limit=100`);
    }
  };

  const keepCookie = (visitor: number, headers: IncomingHttpHeaders) => {
    if (cookies.has(visitor)) return;
    const setCookie = Object.entries(headers).find(([name]) => name.toLowerCase() === 'set-cookie')?.[1];
    const pair = [setCookie ?? []]
      .flat()
      .map((line) => line.split(';')[0] ?? '')
      .find((value) => value.startsWith('rpl_vid='));
    if (!pair) return;
    cookies.set(visitor, pair);
    withCookie.push(visitor);
  };

  const learnChild = (request: PlannedRequest, body: string) => {
    const visitor = request.visitor as number;
    const parent = request.code as string;
    const code = (JSON.parse(body) as { code: string }).code;
    const children = firstChild.get(visitor) ?? new Map<string, string>();
    firstChild.set(visitor, children);
    const first = children.get(parent);
    if (first === undefined) children.set(parent, code);
    else if (first !== code) ledger.childMismatches++;
    if (!ledger.children.has(code)) {
      ledger.children.set(code, { parent, visitor });
      codes.push(code);
    }
  };

  return {
    total: schedule.length,
    ledger,
    next() {
      const route = schedule[sent++];
      if (!route) throw new Error(`The plan has ${schedule.length} requests; asked for more`);
      return build(route);
    },
    answered(request, status, body, headers) {
      const statuses = ledger.statuses[request.route];
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (request.visitor !== undefined) keepCookie(request.visitor, headers);
      if (request.route === 'redirect' && status === 302) {
        const code = request.code as string;
        const counts = ledger.redirects.get(code) ?? { answered: 0, visitors: new Set<number>() };
        counts.answered++;
        counts.visitors.add(request.visitor as number);
        ledger.redirects.set(code, counts);
      }
      if (request.route === 'reshare' && (status === 201 || status === 200)) learnChild(request, body);
    },
  };
}

// Which route each request takes: clicks first (so that visitors and their cookies exist), then
// every kind mixed in a shuffled order; exactly the plan's count of each.
function scheduleOf(plan: LoadPlan, random: () => number): LoadRoute[] {
  const warmUp = Math.min(plan.clicks, plan.inFlight * 4);
  const mixed: LoadRoute[] = [
    ...Array<LoadRoute>(plan.clicks - warmUp).fill('redirect'),
    ...Array<LoadRoute>(plan.reshares).fill('reshare'),
    ...(['report', 'link', 'cascade'] as const).flatMap((route) => Array<LoadRoute>(plan.readsEach).fill(route)),
  ];
  for (let index = mixed.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [mixed[index], mixed[other]] = [mixed[other] as LoadRoute, mixed[index] as LoadRoute];
  }
  return [...Array<LoadRoute>(warmUp).fill('redirect'), ...mixed];
}
