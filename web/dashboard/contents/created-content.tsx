import type { ContentView } from '../api/types.js';
import { Link } from '../components/link.js';
import { MintSeedLink } from './mint-seed-link.js';

// The content just created, with its first seed link one click away. When the list is filtered to
// another campaign the new content is not in it, and the page says so.
export function CreatedContent({ content, filter, onDismiss }: { content: ContentView; filter: string | undefined; onDismiss: () => void }) {
  const hidden = filter !== undefined && content.campaign !== filter;
  return (
    <div class="panel created-content" role="status" data-created-content-id={content.id}>
      <p>
        Created <Link to={{ page: 'content', contentId: content.id }}>{content.title ?? content.url}</Link>
        {hidden ? ` (not in campaign ${filter}, so the list below does not show it).` : '.'} Mint its first seed link to start sharing:
      </p>
      <div class="form-row">
        <MintSeedLink contentId={content.id} />
        <button type="button" class="secondary small" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
