import { describe, expect, it } from 'vitest';
import { contentView, linkView } from '../../../shared/http/views.js';
import { aContent, aLink } from '../domain/fixtures.js';

describe('linkView', () => {
  it('has the docs/contract.md §2 link fields, shortUrl built from base and code, and no workspace', () => {
    const view = linkView(
      aLink({ code: 'ChildCode0', parent: 'ParentCode', rootCode: 'RootCode00', generation: 1, sharer: 's', channel: 'c' }),
      'https://rpl.example',
    );
    expect(view).toMatchObject({
      code: 'ChildCode0',
      shortUrl: 'https://rpl.example/ChildCode0',
      contentId: 'cnt_AAAAAAAAAAAAAAAAAAAAA',
      parent: 'ParentCode',
      rootCode: 'RootCode00',
      generation: 1,
      sharer: 's',
      channel: 'c',
      createdAt: '2024-05-01T00:00:00.000Z',
    });
    expect(view).not.toHaveProperty('workspaceId');
  });
});

describe('contentView', () => {
  it('shows the content without its workspace', () => {
    const view = contentView(aContent({ title: 'T', campaign: 'spring' }));
    expect(view).toMatchObject({ id: 'cnt_AAAAAAAAAAAAAAAAAAAAA', url: 'https://example.com/article', title: 'T', campaign: 'spring', active: true });
    expect(view).not.toHaveProperty('workspaceId');
  });
});
