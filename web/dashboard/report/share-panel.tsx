import { useState } from 'preact/hooks';
import type { ApiClient, ShareView } from '../api/client.js';
import { CopyButton } from '../components/copy-button.js';
import { ErrorBanner } from '../components/resource-view.js';
import { useDashboard } from '../context.js';
import { formatTime } from '../format.js';
import { asApiError } from '../hooks/use-resource.js';
import { useShares } from './use-shares.js';

type Created = Awaited<ReturnType<ApiClient['createShare']>>;

// Read-only links to this content's report: create one (its URL is shown once: it carries the
// token), list them, revoke them. Never shown on a read-only page (it writes).
export function SharePanel({ contentId }: { contentId: string }) {
  const { readOnly } = useDashboard();
  if (readOnly) return null;
  return <ShareManager contentId={contentId} />;
}

function ShareManager({ contentId }: { contentId: string }) {
  const shares = useShares(contentId);
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <section class="panel share-panel" aria-label="Share read-only">
      <h2>Share read-only</h2>
      <p class="muted">Anyone with such a link sees this report, its cascade and its activity, and nothing else, until it expires or you revoke it.</p>
      <CreateShareForm
        contentId={contentId}
        onCreated={(share) => {
          setCreated(share);
          shares.add(share);
        }}
      />
      {created && <CreatedShare share={created} />}
      {shares.error && <ErrorBanner message={shares.error.message} retryable={shares.error.retryable} onRetry={shares.reload} />}
      <ShareList shares={shares.items} loading={shares.loading} onRevoke={shares.revoke} />
      {shares.capped && <p class="muted">Only the first 100 share links are listed.</p>}
    </section>
  );
}

function CreatedShare({ share }: { share: Created }) {
  return (
    <div class="created-share" role="status">
      <span>
        Share link{share.label ? ` “${share.label}”` : ''}: <code data-testid="share-url">{share.url}</code>
      </span>
      <CopyButton value={share.url} label="Copy link" />
      <p class="muted">Copy it now: it is shown only this once.</p>
    </div>
  );
}

function CreateShareForm({ contentId, onCreated }: { contentId: string; onCreated: (share: Created) => void }) {
  const { client } = useDashboard();
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await client.createShare(contentId, shareInput(label, expires)));
      setLabel('');
      setExpires('');
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="row" onSubmit={submit} aria-label="Create share link">
      <label>
        Label (optional)
        <input name="label" maxLength={100} value={label} onInput={(event) => setLabel(event.currentTarget.value)} />
      </label>
      <label>
        Valid through (optional)
        <input type="date" name="expires" value={expires} onInput={(event) => setExpires(event.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Create share link
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

// A date means "through the end of that day" in the browser's zone.
function shareInput(label: string, expires: string): { label?: string; expiresAt?: string } {
  const trimmed = label.trim();
  return {
    ...(trimmed ? { label: trimmed } : {}),
    ...(expires ? { expiresAt: new Date(`${expires}T23:59:59.999`).toISOString() } : {}),
  };
}

function ShareList({ shares, loading, onRevoke }: { shares: readonly ShareView[]; loading: boolean; onRevoke: (shareId: string) => Promise<string | null> }) {
  if (loading && shares.length === 0)
    return (
      <p class="loading" role="status">
        Loading the share links…
      </p>
    );
  if (shares.length === 0) return <p class="empty">No share link yet.</p>;
  return (
    <table class="share-list">
      <caption class="visually-hidden">Share links</caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((share) => (
          <ShareRow key={share.id} share={share} onRevoke={onRevoke} />
        ))}
      </tbody>
    </table>
  );
}

function ShareRow({ share, onRevoke }: { share: ShareView; onRevoke: (shareId: string) => Promise<string | null> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setBusy(true);
    const failure = await onRevoke(share.id);
    setError(failure);
    setBusy(false);
  };
  return (
    <tr data-share-id={share.id}>
      <td>{share.label ?? <span class="muted">(no label)</span>}</td>
      <td>{formatTime(share.createdAt)}</td>
      <td>{share.expiresAt ? formatTime(share.expiresAt) : 'Never (until revoked)'}</td>
      <td class="num">
        <button type="button" class="secondary small" disabled={busy} onClick={revoke}>
          Revoke
        </button>
        {error && (
          <span class="form-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
