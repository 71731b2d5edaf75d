import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchBody, batchesOf, parseCascadeTsv } from '../../../scripts/import/cascade-tsv.js';

const tsv = (...lines: string[][]) => lines.map((cells) => cells.join('\t')).join('\n');

describe('parseCascadeTsv', () => {
  it('reads the columns by the header, in any order, empty cells as absent', () => {
    const rows = parseCascadeTsv(tsv(['parent', 'ref', 'createdAt'], ['', 'a', '2026-03-02T09:00:00Z'], ['a', 'b', ''], [], ['Existing01', 'c', '']));

    expect(rows).toEqual([
      { line: 2, ref: 'a', parent: null, createdAt: '2026-03-02T09:00:00Z', channel: null, sharer: null },
      { line: 3, ref: 'b', parent: 'a', createdAt: null, channel: null, sharer: null },
      { line: 5, ref: 'c', parent: 'Existing01', createdAt: null, channel: null, sharer: null },
    ]);
  });

  it('reads the README example', () => {
    const rows = parseCascadeTsv(readFileSync(new URL('../../../docs/examples/cascade.tsv', import.meta.url), 'utf8'));

    expect(rows).toHaveLength(8);
    expect(rows[3]).toEqual({ line: 5, ref: 'carol', parent: 'alice', createdAt: '2026-03-02T18:05:00Z', channel: 'whatsapp', sharer: 'carol' });
  });

  it.each([
    [tsv(['code', 'parent'], ['a', '']), /line 1: the header must name columns among ref, parent, createdAt, channel, sharer \(ref required\)/],
    [tsv(['ref', 'parent'], ['a', ''], ['a', '']), /line 3: ref a is already on line 2/],
    [tsv(['ref', 'parent'], ['a', 'b'], ['b', '']), /line 2: its parent b comes later \(line 3\)/],
    [tsv(['ref', 'parent'], ['', 'a']), /line 2: no ref/],
  ])('refuses a file it cannot import whole: %#', (text, message) => {
    expect(() => parseCascadeTsv(text)).toThrow(message);
  });
});

describe('batchesOf and batchBody', () => {
  const rows = parseCascadeTsv(tsv(['ref', 'parent'], ...Array.from({ length: 2_500 }, (_, index) => [`r${index}`, index === 0 ? '' : `r${index - 1}`])));
  const text = 'the file';

  it('cuts 1,000 links a batch, each with a key derived from the content and the file', () => {
    const batches = batchesOf(rows, text, 'cnt_A');

    expect(batches.map((batch) => batch.rows.length)).toEqual([1_000, 1_000, 500]);
    expect(new Set(batches.map((batch) => batch.key)).size).toBe(3);
    expect(batchesOf(rows, text, 'cnt_A').map((batch) => batch.key)).toEqual(batches.map((batch) => batch.key));
    expect(batchesOf(rows, `${text} changed`, 'cnt_A')[0]?.key).not.toBe(batches[0]?.key);
    expect(batchesOf(rows, text, 'cnt_B')[0]?.key).not.toBe(batches[0]?.key);
  });

  it('names a parent in the same batch by ref, one in an earlier batch by its code, anything else as a code', () => {
    const [, second] = batchesOf(rows, text, 'cnt_A');
    const body = batchBody(second!, new Map([['r999', 'CodeOf0999']]));

    expect(body.links[0]).toEqual({ ref: 'r1000', parent: 'CodeOf0999' });
    expect(body.links[1]).toEqual({ ref: 'r1001', parent: { ref: 'r1000' } });
    const [only] = batchesOf(parseCascadeTsv(tsv(['ref', 'parent'], ['a', 'Existing01'])), text, 'cnt_A');
    expect(batchBody(only!, new Map()).links).toEqual([{ ref: 'a', parent: 'Existing01' }]);
  });
});
