import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf, type Route } from '../../../web/dashboard/router.js';

describe('dashboard routes', () => {
  const routes: Route[] = [
    { page: 'contents' },
    { page: 'contents', campaign: 'spring sale', cursor: 'abc' },
    { page: 'content', contentId: 'cnt_1' },
    { page: 'tree', contentId: 'cnt_1' },
    { page: 'tree', contentId: 'cnt_1', root: 'AbCdEfGh12' },
    { page: 'campaign', campaign: 'spring/sale' },
    { page: 'webhooks' },
    { page: 'api' },
    { page: 'share', token: 'rshr_x' },
  ];

  it.each(routes)('round-trips %o through its path', (route) => {
    const [path = '', search = ''] = pathOf(route).split('?');
    expect(parseRoute(path, search)).toEqual(route);
  });

  it('answers not-found for any other path', () => {
    expect(parseRoute('/contents/cnt_1/links/x')).toEqual({ page: 'not-found', path: '/contents/cnt_1/links/x' });
    expect(parseRoute('/nope')).toMatchObject({ page: 'not-found' });
  });
});
