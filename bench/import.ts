// npm run bench:import — importing a cascade on the local stack: one 1,000-link tree through
// POST /v1/contents/{id}/links/batch, against the same tree minted one request per link in the
// same run, both one request at a time and 16 requests in flight (parents before children).
// Printed as links/s and the batch's ratio to each baseline, with the time one batch takes (the
// api function's timeout is 29 s). BENCH_IMPORT_LINKS (default 1000) sets the tree's size,
// BENCH_IMPORT_ROUNDS (default 3) how many times each is measured (the median is printed).
import './quiet-sdk.js';
import { forEachLimit } from '../shared/concurrency.js';
import { api } from '../test/support/http.js';
import { type LocalStack, startLocalStack } from '../test/support/local-stack.js';

const LINKS = Number(process.env.BENCH_IMPORT_LINKS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const IN_FLIGHT = 16;
const STARTED = Date.parse('2026-03-01T00:00:00.000Z');

// A tree three wide at every level (about seven generations at 1,000 links), one minute apart.
const parentOf = (index: number) => (index === 0 ? null : Math.floor((index - 1) / 3));
const levelOf = (index: number): number => (index === 0 ? 0 : levelOf(parentOf(index) as number) + 1);
const createdAt = (index: number) => new Date(STARTED + 86_400_000 + index * 60_000).toISOString();

async function newContent(stack: LocalStack): Promise<string> {
  const response = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/bench-import', createdAt: new Date(STARTED).toISOString() });
  if (response.status !== 201) throw new Error(`content: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

async function batch(stack: LocalStack, round: number): Promise<number> {
  const contentId = await newContent(stack);
  const links = Array.from({ length: LINKS }, (_, index) => {
    const parent = parentOf(index);
    return {
      ref: `n${index}`,
      sharer: `sharer ${index}`,
      channel: 'email',
      createdAt: createdAt(index),
      ...(parent === null ? {} : { parent: { ref: `n${parent}` } }),
    };
  });
  const started = performance.now();
  const response = await api(stack, 'POST', `/v1/contents/${contentId}/links/batch`, { links }, { headers: { 'idempotency-key': `bench-${round}` } });
  const ms = performance.now() - started;
  if (response.status !== 201 || response.body.items.length !== LINKS)
    throw new Error(`batch: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  return ms;
}

// One request per link, parents first; `inFlight` requests at a time within a generation.
async function oneByOne(stack: LocalStack, inFlight: number): Promise<number> {
  const contentId = await newContent(stack);
  const codes: string[] = new Array(LINKS);
  const levels: number[][] = [];
  for (let index = 0; index < LINKS; index++) (levels[levelOf(index)] ??= []).push(index);
  const started = performance.now();
  for (const level of levels) {
    await forEachLimit(level, inFlight, async (index) => {
      const parent = parentOf(index);
      const body = { sharer: `sharer ${index}`, channel: 'email', ...(parent === null ? {} : { parent: codes[parent] }) };
      const response = await api(stack, 'POST', `/v1/contents/${contentId}/links`, body);
      if (response.status !== 201) throw new Error(`mint: ${response.status} ${JSON.stringify(response.body)}`);
      codes[index] = response.body.code;
    });
  }
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main() {
  const stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DELIVERY_INTERVAL_SECONDS: '0' } });
  try {
    // Warm up every path once (module loading, the first connections), unmeasured.
    await batch(stack, -1);
    const figures = { batch: [] as number[], sequential: [] as number[], concurrent: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      figures.batch.push(await batch(stack, round));
      figures.sequential.push(await oneByOne(stack, 1));
      figures.concurrent.push(await oneByOne(stack, IN_FLIGHT));
    }
    const rate = (ms: number) => LINKS / (ms / 1000);
    const batchMs = median(figures.batch);
    const rows = [
      ['batch (1 request)', batchMs],
      ['one request per link, 1 in flight', median(figures.sequential)],
      [`one request per link, ${IN_FLIGHT} in flight`, median(figures.concurrent)],
    ] as const;
    console.log(`Importing a ${LINKS.toLocaleString('en-US')}-link tree on the local stack (median of ${ROUNDS}):`);
    for (const [name, ms] of rows) {
      const ratio = name.startsWith('batch') ? '' : `   batch is ${(ms / batchMs).toFixed(1)}× faster`;
      console.log(`  ${name.padEnd(38)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${rate(ms).toFixed(0).padStart(6)} links/s${ratio}`);
    }
    console.log(`  one batch took ${(batchMs / 1000).toFixed(2)} s of the api function's 29 s (slowest: ${(Math.max(...figures.batch) / 1000).toFixed(2)} s)`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
