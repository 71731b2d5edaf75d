import { useState } from 'preact/hooks';
import type { ShareView } from '../api/client.js';
import { useDashboard } from '../context.js';
import { asApiError, useResource } from '../hooks/use-resource.js';

const MAX_LISTED = 100;

// A content's share links: the listed ones, plus those created here since, minus those revoked.
export function useShares(contentId: string) {
  const { client } = useDashboard();
  const listed = useResource(() => client.listShares(contentId, { limit: MAX_LISTED }), [contentId]);
  const [added, setAdded] = useState<ShareView[]>([]);
  const [revoked, setRevoked] = useState<ReadonlySet<string>>(new Set());
  const all = [...added, ...(listed.value?.items ?? []).filter((share) => !added.some((mine) => mine.id === share.id))];

  /** Revokes a share; an error's message, or null once it is gone (a 404: it already was). */
  async function revoke(shareId: string): Promise<string | null> {
    try {
      await client.revokeShare(contentId, shareId);
    } catch (failure) {
      const error = asApiError(failure);
      if (error.status !== 404) return error.message;
    }
    setRevoked((previous) => new Set([...previous, shareId]));
    return null;
  }

  return {
    items: all.filter((share) => !revoked.has(share.id)),
    loading: listed.status === 'loading',
    /** More shares exist than the first page lists. */
    capped: Boolean(listed.value?.nextCursor),
    error: listed.status === 'error' ? listed.error : null,
    reload: listed.reload,
    add: (share: ShareView) => setAdded((previous) => [share, ...previous]),
    revoke,
  };
}
