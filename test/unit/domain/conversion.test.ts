import { describe, expect, it } from 'vitest';
import { recordConversionInput } from '../../../shared/domain/conversion.js';

const VISITOR = 'h_AbCdEfGhIjKlMnOpQrSt-_';
const parse = (value: unknown) => recordConversionInput.safeParse(value);
const pathsOf = (value: unknown) => {
  const result = parse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('recordConversionInput', () => {
  it('accepts a conversion by link code, value defaulting to 0', () => {
    expect(parse({ code: 'Seed000001', externalId: 'order-1' })).toEqual({
      success: true,
      data: { code: 'Seed000001', externalId: 'order-1', value: 0 },
    });
  });

  it('accepts a conversion by visitor id with value and currency', () => {
    expect(parse({ visitor: VISITOR, externalId: 'order-1', value: 12.5, currency: 'EUR' })).toEqual({
      success: true,
      data: { visitor: VISITOR, externalId: 'order-1', value: 12.5, currency: 'EUR' },
    });
  });

  it('needs the link code or the visitor', () => {
    expect(parse({ externalId: 'order-1' }).success).toBe(false);
    expect(pathsOf({ externalId: 'order-1' })).toContain('code');
  });

  it.each(['h_short', `x_${VISITOR.slice(2)}`, `${VISITOR}x`, 'h_AbCdEfGhIjKlMnOpQrSt!_'])('refuses a visitor id that is not a Ripple one: %s', (visitor) => {
    expect(pathsOf({ visitor, externalId: 'order-1' })).toContain('visitor');
  });

  it('refuses a code that is not a link code', () => {
    expect(pathsOf({ code: 'bad code', externalId: 'order-1' })).toContain('code');
  });

  it.each(['eur', 'EU', 'EURO', 'E1R'])('refuses a currency that is not an upper-case ISO 4217 code: %s', (currency) => {
    expect(pathsOf({ code: 'Seed000001', externalId: 'order-1', currency })).toEqual(['currency']);
  });

  it('accepts value 0 and refuses a negative or non-numeric value', () => {
    expect(parse({ code: 'Seed000001', externalId: 'order-1', value: 0 }).success).toBe(true);
    expect(pathsOf({ code: 'Seed000001', externalId: 'order-1', value: -0.01 })).toEqual(['value']);
    expect(pathsOf({ code: 'Seed000001', externalId: 'order-1', value: '10' })).toEqual(['value']);
    expect(pathsOf({ code: 'Seed000001', externalId: 'order-1', value: null })).toEqual(['value']);
  });

  it('refuses a value other than 0 too small for the store to keep (under 1e-130)', () => {
    expect(parse({ code: 'Seed000001', externalId: 'order-1', value: 1e-130 }).success).toBe(true);
    expect(pathsOf({ code: 'Seed000001', externalId: 'order-1', value: 8e-323 })).toEqual(['value']);
    expect(pathsOf({ code: 'Seed000001', externalId: 'order-1', value: 9.9e-131 })).toEqual(['value']);
  });

  it('trims the external id and needs 1 to 200 characters after trimming', () => {
    const trimmed = parse({ code: 'Seed000001', externalId: '  order-1 ' });
    expect(trimmed.success && trimmed.data.externalId).toBe('order-1');

    expect(pathsOf({ code: 'Seed000001', externalId: '   ' })).toEqual(['externalId']);
    expect(pathsOf({ code: 'Seed000001', externalId: 'x'.repeat(201) })).toEqual(['externalId']);
    expect(parse({ code: 'Seed000001', externalId: ` ${'x'.repeat(200)} ` }).success).toBe(true);
    expect(pathsOf({ code: 'Seed000001' })).toEqual(['externalId']);
  });

  it('refuses unknown keys', () => {
    const result = parse({ code: 'Seed000001', externalId: 'order-1', contentId: 'cnt_x' });

    expect(result.success).toBe(false);
    expect(result.success ? [] : result.error.issues.map((issue) => issue.code)).toContain('unrecognized_keys');
  });
});
