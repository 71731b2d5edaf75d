import type { CascadeNode } from '../api/types.js';
import { formatCount, formatTime } from '../format.js';

// What the API says of one link, as the tooltip and the side panel both list it (the panel also
// names its sharer and creation time; the tooltip shows the sharer as its title).
export function LinkFacts({ link, full = false }: { link: CascadeNode; full?: boolean }) {
  return (
    <dl>
      {full && (
        <>
          <dt>Sharer</dt>
          <dd>{link.sharer ?? 'not recorded'}</dd>
        </>
      )}
      <dt>Channel</dt>
      <dd>{link.channel ?? 'none'}</dd>
      <dt>Generation</dt>
      <dd>{formatCount(link.generation)}</dd>
      {full && (
        <>
          <dt>Created</dt>
          <dd>{formatTime(link.createdAt)}</dd>
        </>
      )}
      <dt>Clicks</dt>
      <dd>{formatCount(link.clicks)}</dd>
      <dt>Unique visitors</dt>
      <dd>{formatCount(link.uniqueVisitors)}</dd>
      <dt>Links made from it</dt>
      <dd>{formatCount(link.children.length)}</dd>
    </dl>
  );
}
