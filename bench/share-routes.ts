// npm run bench:share — the public re-share and QR routes (issue 10) on the local stack, printed as
// ratios against floors measured in the same run, on the same machine, as bench/redirect.ts does:
//   gateway floor: GET /favicon.ico answered 404 before any read (HTTP + event + middy, no DynamoDB)
//   storage floors: bare link-sized conditional PutItems (the re-share writes) and bare GetItems of
//     a link (the QR route's lookup), from the bench process into the same dynalite
//   the re-share's store work: the route's own store calls (two rate-limit counters, then the
//     visitor's child), made from the bench process with no HTTP in front
// then the routes:
//   re-share, first time: BENCH_RESHARES distinct visitors (one rpl_vid cookie each) each mint a
//     child of one seed link (201)
//   re-share, replayed: the same visitors again, answered 200 with the child they already have
//   QR: GET /v1/links/{code}/qr.svg for one code (cached lookup + SVG), then once for each of the
//     first phase's children (a lookup read per request + SVG)
// BENCH_SECONDS (default 10) sets the length of the floors and of the one-code QR phase,
// BENCH_RESHARES (default 2000) the visitors (a fixed count, so children can be checked exactly),
// BENCH_CONNECTIONS (default 64) the concurrency.
import './quiet-sdk.js';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { newLinkCode } from '../shared/domain/ids.js';
import { childLink, type Link } from '../shared/domain/link.js';
import { keys } from '../shared/store/keys.js';
import { linkItem, makeLinkStore } from '../shared/store/links.js';
import { makeRateLimitStore } from '../shared/store/rate-limits.js';
import { INDEXES } from '../shared/store/table.js';
import { makeVisitorReshareStore } from '../shared/store/visitor-reshares.js';
import { api, browserUserAgent } from '../test/support/http.js';
import { type LocalStack, startLocalStack } from '../test/support/local-stack.js';
import { decodeQrSvg } from '../test/support/qr.js';
import { httpPhase, printRatio, printTable, storePhase } from './share-routes/phases.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const RESHARES = Number(process.env.BENCH_RESHARES ?? 2000);
// High enough that no request of the run meets a limit: every request comes from 127.0.0.1.
const NO_LIMIT = '1000000000';

// A visitor id as the cookie carries it (h_ + 22 URL-safe characters), one per index and prefix.
const visitorId = (prefix: string, index: number) => `h_${prefix}${String(index).padStart(22 - prefix.length, '0')}`;

async function seed(stack: LocalStack, path: string) {
  const content = await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com${path}` });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'bench' });
  if (link.status !== 201) throw new Error(`Could not mint a seed link: ${link.status} ${JSON.stringify(link.body)}`);
  return { contentId: content.body.id as string, code: link.body.code as string };
}

/** The children of `parent` listed under its content, by the visitor who made each. */
async function childrenOf(stack: LocalStack, contentId: string, parent: string): Promise<Map<string, string>> {
  const children = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page = await api(stack, 'GET', `/v1/contents/${contentId}/links?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const link of page.body.items) if (link.parent === parent) children.set(link.createdByVisitor, link.code);
    cursor = page.body.nextCursor;
  } while (cursor);
  return children;
}

const stack = await startLocalStack({
  env: {
    RIPPLE_RESHARE_LIMIT_PER_VISITOR: NO_LIMIT,
    RIPPLE_RESHARE_LIMIT_PER_ADDRESS: NO_LIMIT,
    // No aggregation run lands in a measured phase (it would read the links the phases write).
    RIPPLE_AGGREGATE_INTERVAL_SECONDS: '86400',
  },
});
let ok = true;
const check = (label: string, holds: boolean, detail: string) => {
  console.log(`${label.padEnd(52)} ${detail}${holds ? '' : '  MISMATCH'}`);
  ok &&= holds;
};
try {
  const target = await seed(stack, '/bench-share');
  const spare = await seed(stack, '/bench-store-work');
  const db = stack.db();
  const spareParent = await makeLinkStore(db).get(spare.code);
  if (!spareParent) throw new Error(`Seed link ${spare.code} not found in the store`);

  const browser = { 'user-agent': browserUserAgent };
  const returning = { ...browser, cookie: 'rpl_vid=h_benchVisitor0000000001' };
  console.log(
    `node ${process.version}, ${CONNECTIONS} connections; floors and the one-code QR phase ${SECONDS} s each, ` +
      `${RESHARES} visitors re-sharing (and again), QR of each of their children once\n`,
  );

  // Floors.
  const gateway = await httpPhase(stack, CONNECTIONS, {
    name: 'gateway floor: GET /favicon.ico → 404',
    path: '/favicon.ico',
    headers: returning,
    length: { duration: SECONDS },
  });
  const benchParent: Link = { ...spareParent, code: 'benchParent0', workspaceId: 'ws_bench', contentId: 'cnt_bench', rootCode: 'benchParent0' };
  const putFloor = await storePhase('storage floor: bare conditional PutItem', CONNECTIONS, { duration: SECONDS }, (index) => {
    const item: Record<string, unknown> = linkItem(childLink(benchParent, newLinkCode(), {}, new Date(), visitorId('put', index)));
    // Out of the activity index, which only the aggregation reads.
    delete item[INDEXES.byActivity.partition];
    delete item[INDEXES.byActivity.sort];
    return db.doc.send(new PutCommand({ TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  });
  const getFloor = await storePhase('storage floor: bare GetItem of a link', CONNECTIONS, { duration: SECONDS }, () =>
    db.doc.send(new GetCommand({ TableName: db.table, Key: keys.link(target.code) })),
  );
  const rateLimits = makeRateLimitStore(db);
  const reshares = makeVisitorReshareStore(db, makeLinkStore(db));
  // As the handler makes them: the visitor's counter, the address's counter, then the child.
  let workCreated = 0;
  const storeWork = async (index: number) => {
    const now = new Date();
    const take = { limit: Number(NO_LIMIT), windowSeconds: 60, now };
    await rateLimits.take({ ...take, scope: 'reshare-visitor', subject: visitorId('work', index) });
    await rateLimits.take({ ...take, scope: 'reshare-address', subject: 'h_benchAddress' });
    if ((await reshares.childFor(spareParent, visitorId('work', index), {}, () => new Date())).created) workCreated++;
  };
  const workFirst = await storePhase('re-share store work, first time (no HTTP)', CONNECTIONS, { amount: RESHARES }, storeWork);
  const workCreatedFirst = workCreated;
  const workAgain = await storePhase('re-share store work, replayed (no HTTP)', CONNECTIONS, { amount: RESHARES }, storeWork);

  // Re-share, first time: visitor i sends cookie i; each answer is kept by visitor.
  const firstChild = new Map<string, string>();
  let nextVisitor = 0;
  const first = await httpPhase(stack, CONNECTIONS, {
    name: 're-share, first time: POST …/reshare → 201',
    method: 'POST',
    path: `/v1/links/${target.code}/reshare`,
    headers: { ...browser, 'content-type': 'application/json' },
    body: '{}',
    length: { amount: RESHARES },
    each: () => {
      const id = visitorId('v', nextVisitor++);
      return { headers: { cookie: `rpl_vid=${id}` }, tag: id };
    },
    onAnswer: (status, body, id) => {
      if (status === 201 && id) firstChild.set(id, JSON.parse(body).code);
    },
  });
  const afterFirst = await childrenOf(stack, target.contentId, target.code);
  const reshareCount = (await api(stack, 'GET', `/v1/links/${target.code}`)).body.reshares;

  // Replayed: the visitors answered 201, in the same order, each again.
  const visitors = [...firstChild.keys()];
  let replayed = 0;
  let sameChild = 0;
  const again = await httpPhase(stack, CONNECTIONS, {
    name: 're-share, replayed: POST …/reshare → 200',
    method: 'POST',
    path: `/v1/links/${target.code}/reshare`,
    headers: { ...browser, 'content-type': 'application/json' },
    body: '{}',
    length: { amount: visitors.length },
    each: () => {
      const id = visitors[replayed++] ?? '';
      return { headers: { cookie: `rpl_vid=${id}` }, tag: id };
    },
    onAnswer: (status, body, id) => {
      if (status === 200 && id && JSON.parse(body).code === firstChild.get(id)) sameChild++;
    },
  });
  const afterReplay = await childrenOf(stack, target.contentId, target.code);

  // QR: one code (its lookups cached), then each child once (each lookup a read).
  const qrPath = (code: string) => `/v1/links/${code}/qr.svg`;
  let decoded: string | null = null;
  const qrOne = await httpPhase(stack, CONNECTIONS, {
    name: 'QR, one code: GET …/qr.svg → 200',
    path: qrPath(target.code),
    length: { duration: SECONDS },
    onAnswer: (status, body) => {
      if (status === 200 && decoded === null) decoded = decodeQrSvg(body);
    },
  });
  const childCodes = [...firstChild.values()];
  let nextCode = 0;
  const qrMany = await httpPhase(stack, CONNECTIONS, {
    name: `QR, ${childCodes.length} codes once each → 200`,
    path: qrPath(target.code),
    length: { amount: childCodes.length },
    each: () => ({ path: qrPath(childCodes[nextCode++] ?? ''), tag: '' }),
  });

  printTable([gateway, putFloor, getFloor, workFirst, workAgain, first, again, qrOne, qrMany]);
  console.log('');
  printRatio('re-share first time / gateway floor throughput:', first, gateway);
  printRatio('re-share first time / conditional PutItem floor:', first, putFloor);
  printRatio('re-share first time / its store work (no HTTP):', first, workFirst);
  printRatio('re-share replayed / gateway floor throughput:', again, gateway);
  printRatio('re-share replayed / conditional PutItem floor:', again, putFloor);
  printRatio('re-share replayed / its store work (no HTTP):', again, workAgain);
  printRatio('QR one code / gateway floor throughput:', qrOne, gateway);
  printRatio('QR one code / GetItem floor:', qrOne, getFloor);
  printRatio('QR distinct codes / gateway floor throughput:', qrMany, gateway);
  printRatio('QR distinct codes / GetItem floor:', qrMany, getFloor);
  console.log('');

  const created = first.statuses.get(201) ?? 0;
  const distinctCodes = new Set(firstChild.values()).size;
  const listedMatch = [...firstChild].every(([id, code]) => afterFirst.get(id) === code);
  check('201s / visitors:', created === RESHARES && first.answered === RESHARES, `${created} / ${RESHARES} (answered ${first.answered})`);
  check(
    'children listed / 201s:',
    afterFirst.size === created && listedMatch,
    `${afterFirst.size} / ${created}${listedMatch ? ', each the visitor’s own' : ''}`,
  );
  check('the parent’s live re-share count / 201s:', reshareCount === created, `${reshareCount} / ${created}`);
  check('distinct child codes / 201s:', distinctCodes === created, `${distinctCodes} / ${created}`);
  check('replays answered 200 with the same child / sent:', sameChild === visitors.length, `${sameChild} / ${visitors.length}`);
  check('children listed after the replay / before:', afterReplay.size === afterFirst.size, `${afterReplay.size} / ${afterFirst.size}`);
  check(
    'store work: children created / calls (first, replayed):',
    workCreatedFirst === RESHARES && workCreated === RESHARES,
    `${workCreatedFirst} / ${workFirst.answered}, then ${workCreated - workCreatedFirst} / ${workAgain.answered}`,
  );
  const qrExpected = `${stack.url}/${target.code}?via=qr`;
  check('QR SVG decodes to the short URL + via=qr:', decoded === qrExpected, String(decoded));
  check(
    'QR answers 200 / answered:',
    qrOne.statuses.get(200) === qrOne.answered && qrMany.statuses.get(200) === qrMany.answered,
    `${qrOne.statuses.get(200) ?? 0} / ${qrOne.answered}, ${qrMany.statuses.get(200) ?? 0} / ${qrMany.answered}`,
  );
  const failures = [gateway, putFloor, getFloor, workFirst, workAgain, first, again, qrOne, qrMany].reduce((sum, row) => sum + row.failed, 0);
  check('failed requests and calls:', failures === 0, String(failures));
  if (!ok) process.exitCode = 1;
} finally {
  await stack.stop();
}
