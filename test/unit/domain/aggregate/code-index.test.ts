import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeIndex } from '../../../../shared/domain/aggregate/code-index.js';
import { codeStartsOf } from '../../../../shared/domain/aggregate/structure.js';

// Codes as a stored chunk holds them: UTF-8, joined by newlines.
const run = (codes: string[]) => {
  const text = new TextEncoder().encode(codes.join('\n'));
  return { text, starts: codeStartsOf(text, codes.length) };
};

describe('the code index', () => {
  it('finds every code at the position it was added at, and nothing for a code never added', () => {
    const index = new CodeIndex();
    const codes = Array.from({ length: 5_000 }, (_, i) => `c${i.toString(36)}`);
    codes.forEach((code, i) => index.add(code, 10 * i));

    expect(codes.every((code, i) => index.get(code) === 10 * i)).toBe(true);
    expect(index.get('never')).toBeUndefined();
    expect(new CodeIndex().get('a')).toBeUndefined();
    expect(index.size).toBe(5_000);
  });

  it('keeps a code’s first position when it is added again', () => {
    const index = new CodeIndex();
    index.add('a', 0);
    index.add('b', 1);
    expect(index.get('a')).toBe(0);
    index.add('a', 7);

    expect(index.get('a')).toBe(0);
    expect(index.get('b')).toBe(1);
  });

  it('answers like a Map of first positions, whatever the order of adds and lookups', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), code: fc.string({ maxLength: 4 }) }),
      fc.record({ kind: fc.constant('get' as const), code: fc.string({ maxLength: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 3_000 }), (steps) => {
        const index = new CodeIndex();
        const expected = new Map<string, number>();
        let position = 0;
        for (const { kind, code } of steps) {
          if (kind === 'add') {
            index.add(code, position);
            if (!expected.has(code)) expected.set(code, position);
            position++;
          } else if (index.get(code) !== expected.get(code)) return false;
        }
        return [...expected].every(([code, at]) => index.get(code) === at);
      }),
      { numRuns: 200 },
    );
  });

  it('indexes a run of codes from their stored bytes as it would the codes one by one', () => {
    const codes = ['Seed000001', 'ab', 'abc', 'é🙂', 'Seed000001', 'x'];
    const index = new CodeIndex();
    index.add('first', 0);
    const { text, starts } = run(codes);
    index.addCodes(text, starts, 1);
    index.addCodes(run(['late']).text, run(['late']).starts, 7);

    expect(['first', ...codes, 'late'].map((code) => index.get(code))).toEqual([0, 1, 2, 3, 4, 1, 6, 7]);
    expect(['a', 'abcd', 'Seed00000', '', 'é'].map((code) => index.get(code))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(index.size).toBe(8);
  });

  it('answers like a Map of first positions when codes come in runs of stored bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 }), { maxLength: 30 }), (runs) => {
        const index = new CodeIndex();
        const expected = new Map<string, number>();
        let position = 0;
        for (const codes of runs.map((codes) => codes.filter((code) => !code.includes('\n')))) {
          const { text, starts } = run(codes);
          index.addCodes(text, starts, position);
          for (const code of codes)
            if (!expected.has(code)) expected.set(code, position++);
            else position++;
        }
        return [...expected].every(([code, at]) => index.get(code) === at) && index.size === position;
      }),
      { numRuns: 200 },
    );
  });
});
