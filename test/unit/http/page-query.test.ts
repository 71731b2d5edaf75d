import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/domain/zod.js';
import { pageQuery } from '../../../shared/http/page-query.js';

const schema = z.object(pageQuery);

describe('pageQuery', () => {
  it('defaults limit to 20 and coerces a numeric string', () => {
    expect(schema.parse({})).toEqual({ limit: 20 });
    expect(schema.parse({ limit: '100', cursor: 'abc' })).toEqual({ limit: 100, cursor: 'abc' });
  });

  it.each(['0', '101', '2.5', 'ten', '-1'])('refuses limit %j', (limit) => {
    expect(schema.safeParse({ limit }).success).toBe(false);
  });

  it('refuses an empty or over-long cursor and ignores unknown parameters', () => {
    expect(schema.safeParse({ cursor: '' }).success).toBe(false);
    expect(schema.safeParse({ cursor: 'c'.repeat(2049) }).success).toBe(false);
    expect(schema.parse({ expand: 'x' })).toEqual({ limit: 20 });
  });
});
