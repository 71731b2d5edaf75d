import { describe, expect, it } from 'vitest';
import { tableChanges } from '../../support/table-snapshot.js';

// The "nothing written" checks of the hostile-input and tenancy tests compare two scans of the
// table: the comparison must see every kind of write, and leave out only what it is told to.
const snapshot = (items: Record<string, unknown>) => new Map(Object.entries(items).map(([key, item]) => [key, JSON.stringify(item)]));

describe('tableChanges', () => {
  it('sees an item added, changed or removed', () => {
    const before = snapshot({ 'WS#a#CNT#1|CONTENT': { active: true }, 'LINK#x|LINK': { code: 'x' } });
    const after = snapshot({ 'WS#a#CNT#1|CONTENT': { active: false }, 'LINK#y|LINK': { code: 'y' } });

    expect(tableChanges(before, after)).toEqual([
      { key: 'WS#a#CNT#1|CONTENT', change: 'changed' },
      { key: 'LINK#y|LINK', change: 'added' },
      { key: 'LINK#x|LINK', change: 'removed' },
    ]);
  });

  it('sees nothing when nothing changed, and leaves out the partitions it is told to', () => {
    const before = snapshot({ 'WS#a#CNT#1|CONTENT': { active: true }, 'RATE#reshare#v#1|RATE': { count: 1 } });
    const after = snapshot({ 'WS#a#CNT#1|CONTENT': { active: true }, 'RATE#reshare#v#1|RATE': { count: 2 }, 'SALT#2026-12-05|SALT': {} });

    expect(tableChanges(before, before)).toEqual([]);
    expect(tableChanges(before, after, ['RATE#', 'SALT#'])).toEqual([]);
    expect(tableChanges(before, after, ['RATE#'])).toEqual([{ key: 'SALT#2026-12-05|SALT', change: 'added' }]);
  });
});
