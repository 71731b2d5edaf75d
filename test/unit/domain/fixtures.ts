import type { Content } from '../../../shared/domain/content.js';
import type { Link } from '../../../shared/domain/link.js';

// Plain builders for domain values; each test overrides only what it is about.
export function aContent(overrides: Partial<Content> = {}): Content {
  return {
    id: 'cnt_AAAAAAAAAAAAAAAAAAAAA',
    workspaceId: 'ws_one',
    url: 'https://example.com/article',
    title: null,
    campaign: null,
    refParam: 'ref',
    kWindowSeconds: 86_400,
    active: true,
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aLink(overrides: Partial<Link> = {}): Link {
  return {
    code: 'Code123456',
    workspaceId: 'ws_one',
    contentId: 'cnt_AAAAAAAAAAAAAAAAAAAAA',
    parent: null,
    rootCode: 'Code123456',
    generation: 0,
    sharer: null,
    channel: null,
    utm: null,
    creatorVisitorId: null,
    createdAt: '2024-05-01T00:00:00.000Z',
    ...overrides,
  };
}
