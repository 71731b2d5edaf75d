// What a load run's content holds after aggregation, compared with what the run was answered
// (crowd.ts's ledger): every figure exact. Each check names what it compares.
import { storedClicks } from '../clicks.js';
import { api } from '../http.js';
import type { LocalStack } from '../local-stack.js';
import type { LoadLedger, LoadRoute } from './crowd.js';
import type { LoadPlan } from './plan.js';
import type { LoadRun } from './run.js';

export interface LoadCheck {
  label: string;
  actual: number;
  expected: number;
}

export const holds = (check: LoadCheck) => check.actual === check.expected;

interface CascadeNode {
  code: string;
  parent: string | null;
  clicks: number;
  uniqueVisitors: number;
}

export async function checkLoad(stack: LocalStack, workspaceId: string, plan: LoadPlan, ledger: LoadLedger, run: LoadRun): Promise<LoadCheck[]> {
  const redirects = [...ledger.redirects.values()];
  const answered = redirects.reduce((sum, link) => sum + link.answered, 0);
  const visitors = new Set(redirects.flatMap((link) => [...link.visitors])).size;
  const report = (await api(stack, 'GET', `/v1/contents/${plan.contentId}/report`)).body;
  const nodes = await cascadeOf(stack, plan.contentId);
  const codes = [...new Set([...plan.seeds, ...ledger.children.keys()])];
  const stored = await storedClickCount(stack, workspaceId, codes);

  const countOf = (route: LoadRoute, wanted: (status: number) => boolean) =>
    [...ledger.statuses[route]].reduce((sum, [status, count]) => sum + (wanted(status) ? count : 0), 0);
  const everyRoute = Object.keys(ledger.statuses) as LoadRoute[];
  const linksMatching = nodes.filter((node) => {
    const link = ledger.redirects.get(node.code);
    return node.clicks === (link?.answered ?? 0) && node.uniqueVisitors === (link?.visitors.size ?? 0);
  }).length;
  const childrenOfTheirParent = nodes.filter((node) => node.parent !== null && ledger.children.get(node.code)?.parent === node.parent).length;

  return [
    { label: 'clicks answered 302 / clicks sent', actual: countOf('redirect', (status) => status === 302), expected: plan.clicks },
    { label: 'clicks in the report / redirects answered', actual: report.clicks, expected: answered },
    { label: 'click items stored / redirects answered', actual: stored, expected: answered },
    { label: 'bot clicks in the report', actual: report.botClicks, expected: 0 },
    { label: 'unique visitors in the report / distinct visitors answered', actual: report.uniqueVisitors, expected: visitors },
    { label: 're-shares answered 201 or 200 / sent', actual: countOf('reshare', (status) => status === 201 || status === 200), expected: plan.reshares },
    { label: 'links in the report / seeds + distinct children answered', actual: report.links, expected: plan.seeds.length + ledger.children.size },
    { label: 're-share links in the report / distinct children answered', actual: report.reshares, expected: ledger.children.size },
    { label: 'cascade nodes / links', actual: nodes.length, expected: plan.seeds.length + ledger.children.size },
    { label: 'cascade children under the link re-shared / children', actual: childrenOfTheirParent, expected: ledger.children.size },
    { label: 'links whose clicks and unique visitors match their 302s / links', actual: linksMatching, expected: nodes.length },
    { label: 'a second child for the same visitor and parent', actual: ledger.childMismatches, expected: 0 },
    { label: 'reads answered 200 / sent', actual: countOf('report', ok) + countOf('link', ok) + countOf('cascade', ok), expected: plan.readsEach * 3 },
    { label: 'answers ≥ 500', actual: everyRoute.reduce((sum, route) => sum + countOf(route, (status) => status >= 500), 0), expected: 0 },
    { label: 'requests lost (socket errors, timeouts)', actual: run.lost, expected: 0 },
  ];
}

const ok = (status: number) => status === 200;

async function cascadeOf(stack: LocalStack, contentId: string): Promise<CascadeNode[]> {
  const nodes: CascadeNode[] = [];
  let cursor: string | null = null;
  do {
    const page = await api(stack, 'GET', `/v1/contents/${contentId}/cascade?limit=5000${cursor ? `&cursor=${cursor}` : ''}`);
    if (page.status !== 200) throw new Error(`GET …/cascade answered ${page.status}: ${JSON.stringify(page.body)}`);
    nodes.push(...page.body.nodes);
    cursor = page.body.nextCursor;
  } while (cursor);
  return nodes;
}

// The raw click items of every link, a few links at a time.
async function storedClickCount(stack: LocalStack, workspaceId: string, codes: readonly string[]): Promise<number> {
  let count = 0;
  for (let first = 0; first < codes.length; first += 8) {
    const batch = await Promise.all(codes.slice(first, first + 8).map((code) => storedClicks(stack, workspaceId, code)));
    count += batch.reduce((sum, items) => sum + items.length, 0);
  }
  return count;
}
