import { describe, expect, it } from 'vitest';
import { arrivalOf, newClick } from '../../../shared/domain/click.js';
import { aLink } from './fixtures.js';

describe('newClick', () => {
  it('copies the link’s cascade position and the visit, stamped with now', () => {
    const link = aLink({ code: 'ChildCode0', rootCode: 'RootCode00', generation: 2, workspaceId: 'ws_a', contentId: 'cnt_a' });
    const now = new Date('2024-02-03T04:05:06.789Z');
    const click = newClick(link, { visitorId: 'h_v', bot: false, device: 'mobile', referrerHost: 't.co' }, now);
    expect(click).toMatchObject({
      workspaceId: 'ws_a',
      contentId: 'cnt_a',
      code: 'ChildCode0',
      rootCode: 'RootCode00',
      generation: 2,
      visitorId: 'h_v',
      bot: false,
      device: 'mobile',
      referrerHost: 't.co',
      at: now.toISOString(),
    });
    expect(click.id).toEqual(expect.any(String));
  });

  it('gives every click its own id', () => {
    const visit = { visitorId: 'h_v', bot: true, device: 'unknown' as const, referrerHost: null };
    const now = new Date();
    expect(newClick(aLink(), visit, now).id).not.toBe(newClick(aLink(), visit, now).id);
  });

  it('records the channel the visit arrived through, `direct` when it names none', () => {
    const visit = { visitorId: 'h_v', bot: false, device: 'mobile' as const, referrerHost: null };

    expect(newClick(aLink(), { ...visit, arrival: 'whatsapp' }, new Date()).arrival).toBe('whatsapp');
    expect(newClick(aLink(), visit, new Date()).arrival).toBe('direct');
  });
});

describe('arrivalOf', () => {
  it('is the click’s arrival channel, and `direct` for a click recorded before arrivals were', () => {
    expect(arrivalOf({ arrival: 'qr' })).toBe('qr');
    expect(arrivalOf({})).toBe('direct');
  });
});
