import { createHash } from 'node:crypto';

// A cascade as a spreadsheet exports it: tab-separated, a header line naming the columns (ref,
// parent, createdAt, channel, sharer; any order, all but ref optional), one link per line, a
// parent before its children. `parent` is the ref of an earlier line, or the code of a link that
// already exists; empty for a seed. Turned into batch requests of at most 1,000 links.

export const COLUMNS = ['ref', 'parent', 'createdAt', 'channel', 'sharer'] as const;
type Column = (typeof COLUMNS)[number];

export interface CascadeRow {
  /** 1-based line in the file, for messages. */
  line: number;
  ref: string;
  parent: string | null;
  createdAt: string | null;
  channel: string | null;
  sharer: string | null;
}

export class CascadeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CascadeFileError';
  }
}

export function parseCascadeTsv(text: string): CascadeRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((name) => name.trim());
  const unknown = header.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !header.includes('ref')) {
    throw new CascadeFileError(`line 1: the header must name columns among ${COLUMNS.join(', ')} (ref required); got ${header.join(', ')}`);
  }
  const rows: CascadeRow[] = [];
  const lineOfRef = new Map<string, number>();
  lines.slice(1).forEach((text, offset) => {
    const line = offset + 2;
    if (text.trim() === '' || text.startsWith('#')) return;
    const cells = text.split('\t');
    const cell = (column: Column) => {
      const at = header.indexOf(column);
      const value = at === -1 ? '' : (cells[at] ?? '').trim();
      return value === '' ? null : value;
    };
    const ref = cell('ref');
    if (ref === null) throw new CascadeFileError(`line ${line}: no ref`);
    if (lineOfRef.has(ref)) throw new CascadeFileError(`line ${line}: ref ${ref} is already on line ${lineOfRef.get(ref)}`);
    lineOfRef.set(ref, line);
    rows.push({ line, ref, parent: cell('parent'), createdAt: cell('createdAt'), channel: cell('channel'), sharer: cell('sharer') });
  });
  for (const row of rows) {
    const parentLine = row.parent === null ? undefined : lineOfRef.get(row.parent);
    if (parentLine !== undefined && parentLine > row.line) {
      throw new CascadeFileError(`line ${row.line}: its parent ${row.parent} comes later (line ${parentLine}): list parents before their children`);
    }
  }
  return rows;
}

export const MAX_BATCH = 1_000;

export interface BatchRequest {
  /** The Idempotency-Key: the same file sent again replays its batches instead of minting again. */
  key: string;
  rows: CascadeRow[];
}

export function batchesOf(rows: readonly CascadeRow[], fileText: string, contentId: string): BatchRequest[] {
  const digest = createHash('sha256').update(contentId).update('\n').update(fileText).digest('hex').slice(0, 24);
  const batches: BatchRequest[] = [];
  for (let from = 0; from < rows.length; from += MAX_BATCH) {
    batches.push({ key: `import-${digest}-${from / MAX_BATCH + 1}`, rows: rows.slice(from, from + MAX_BATCH) });
  }
  return batches;
}

/**
 * One batch's body: a parent in this batch by {ref}; one in an earlier batch by the code it got
 * (`codes`, ref → code); anything else is taken as the code of an existing link.
 */
export function batchBody(batch: BatchRequest, codes: ReadonlyMap<string, string>) {
  const inBatch = new Set(batch.rows.map((row) => row.ref));
  return {
    links: batch.rows.map((row) => ({
      ref: row.ref,
      ...(row.parent === null ? {} : { parent: inBatch.has(row.parent) ? { ref: row.parent } : (codes.get(row.parent) ?? row.parent) }),
      ...(row.createdAt === null ? {} : { createdAt: row.createdAt }),
      ...(row.channel === null ? {} : { channel: row.channel }),
      ...(row.sharer === null ? {} : { sharer: row.sharer }),
    })),
  };
}
