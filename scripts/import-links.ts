// npm run import -- <contentId> <file.tsv>
// Imports a cascade from a TSV file (scripts/import/cascade-tsv.ts says the format) into a content,
// through POST /v1/contents/{id}/links/batch: 1,000 links a request, each batch with an
// Idempotency-Key derived from the file, so running it again (or after a failure) creates nothing
// twice. Prints one `ref<TAB>code<TAB>shortUrl` line per link. Targets API and KEY from the
// environment, else the running local stack (RIPPLE_DATA_DIR) and its key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localSettings } from '../infra/local/settings.js';
import { readRunningStack } from '../infra/local/stack-file.js';
import { batchBody, batchesOf, type BatchRequest, CascadeFileError, parseCascadeTsv } from './import/cascade-tsv.js';

const RETRIES = 5;

function target(): { api: string; key: string } {
  const { dataDir } = localSettings();
  const api = process.env.API || readRunningStack(dataDir)?.apiUrl;
  if (!api) throw new Error(`Set API, or start the local stack (npm start) on ${dataDir}`);
  const key = process.env.KEY || readFileSync(join(dataDir, 'api-key'), 'utf8').trim();
  return { api: api.replace(/\/$/, ''), key };
}

interface Created {
  code: string;
  shortUrl: string;
  ref?: string;
}

// A 5xx, a 429 or a lost connection: the same request again, under the same key, is safe.
async function send(api: string, key: string, contentId: string, batch: BatchRequest, body: unknown): Promise<Created[]> {
  for (let attempt = 1; ; attempt++) {
    let response: Response | null = null;
    try {
      response = await fetch(`${api}/v1/contents/${encodeURIComponent(contentId)}/links/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': batch.key },
        body: JSON.stringify(body),
      });
    } catch (error) {
      if (attempt >= RETRIES) throw error;
    }
    if (response && response.status < 500 && response.status !== 429) {
      const answer = (await response.json()) as { items?: Created[]; error?: { message: string; issues?: { path: (string | number)[]; message: string }[] } };
      if (response.ok && answer.items) return answer.items;
      throw new Error(describeRefusal(response.status, answer.error, batch));
    }
    if (attempt >= RETRIES) throw new Error(`the batch from line ${batch.rows[0]?.line} failed ${RETRIES} times (last: ${response?.status ?? 'no answer'})`);
    await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
  }
}

// `links.17.parent` becomes the file's line for that link.
function describeRefusal(
  status: number,
  error: { message: string; issues?: { path: (string | number)[]; message: string }[] } | undefined,
  batch: BatchRequest,
): string {
  const issues = (error?.issues ?? []).map((issue) => {
    const [list, index, field] = issue.path;
    const row = list === 'links' && typeof index === 'number' ? batch.rows[index] : undefined;
    return row ? `line ${row.line} (${field ?? 'link'}): ${issue.message}` : `${issue.path.join('.')}: ${issue.message}`;
  });
  return issues.length > 0
    ? `refused (${status}), nothing of this batch was written:\n  ${issues.join('\n  ')}`
    : `refused (${status}): ${error?.message ?? 'no reason given'}`;
}

async function main(): Promise<number> {
  const [contentId, file] = process.argv.slice(2);
  if (!contentId || !file) {
    console.error('usage: npm run import -- <contentId> <file.tsv>');
    return 2;
  }
  const text = readFileSync(file, 'utf8');
  const rows = parseCascadeTsv(text);
  const { api, key } = target();
  const codes = new Map<string, string>();
  const batches = batchesOf(rows, text, contentId);
  for (const [number, batch] of batches.entries()) {
    const items = await send(api, key, contentId, batch, batchBody(batch, codes));
    for (const item of items) {
      if (item.ref !== undefined) codes.set(item.ref, item.code);
      console.log(`${item.ref ?? ''}\t${item.code}\t${item.shortUrl}`);
    }
    console.error(`batch ${number + 1}/${batches.length}: ${items.length} links (lines ${batch.rows[0]?.line}-${batch.rows.at(-1)?.line})`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof CascadeFileError || error instanceof Error ? `import failed: ${error.message}` : error);
    process.exit(1);
  },
);
