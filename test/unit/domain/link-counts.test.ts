import { describe, expect, it } from 'vitest';
import { liveLinkCounts } from '../../../shared/domain/aggregate/link-counts.js';

const counted = { clicks: 10, botClicks: 2, uniqueVisitors: 4 };

describe('liveLinkCounts', () => {
  it('adds the tail clicks to what the aggregation counted', () => {
    const tail = { clicks: 3, botClicks: 1, visitors: new Map<string, string[]>() };
    expect(liveLinkCounts(counted, tail, new Map())).toEqual({ clicks: 13, botClicks: 3, uniqueVisitors: 4 });
  });

  it('counts a tail visitor without a mark on the link as new', () => {
    const tail = { clicks: 1, botClicks: 0, visitors: new Map([['h_new', ['c9']]]) };
    expect(liveLinkCounts(counted, tail, new Map([['h_new', null]])).uniqueVisitors).toBe(5);
  });

  it('does not count a tail visitor whose mark points at an already counted click', () => {
    const tail = { clicks: 1, botClicks: 0, visitors: new Map([['h_old', ['c9']]]) };
    expect(liveLinkCounts(counted, tail, new Map([['h_old', 'c1']])).uniqueVisitors).toBe(4);
  });

  it('counts a tail visitor whose mark points at one of their tail clicks (set by a run that never committed)', () => {
    const tail = { clicks: 2, botClicks: 0, visitors: new Map([['h_mid', ['c8', 'c9']]]) };
    expect(liveLinkCounts(counted, tail, new Map([['h_mid', 'c8']])).uniqueVisitors).toBe(5);
  });
});
