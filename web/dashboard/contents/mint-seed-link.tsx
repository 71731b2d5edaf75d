import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import type { LinkView } from '../api/types.js';
import { CopyButton } from '../components/copy-button.js';
import { useDashboard } from '../context.js';
import { asApiError } from '../hooks/use-resource.js';
import { FormError } from './form-error.js';

// A seed link (generation 0) for a content, with an optional sharer and channel: the button opens
// a small form; the minted short URL stays shown with a copy button.
export function MintSeedLink({ contentId }: { contentId: string }) {
  const [open, setOpen] = useState(false);
  const [minted, setMinted] = useState<LinkView | null>(null);
  return (
    <div class="mint">
      {open ? (
        <MintForm
          contentId={contentId}
          onMinted={(link) => {
            setMinted(link);
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <button type="button" class="secondary small" onClick={() => setOpen(true)}>
          Mint seed link
        </button>
      )}
      {minted && <MintedLink link={minted} />}
    </div>
  );
}

function MintForm({ contentId, onMinted, onCancel }: { contentId: string; onMinted: (link: LinkView) => void; onCancel: () => void }) {
  const { client } = useDashboard();
  const [sharer, setSharer] = useState('');
  const [channel, setChannel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function mint(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onMinted(await client.mintLink(contentId, optionalFields({ sharer, channel })));
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="mint-form" noValidate onSubmit={mint} aria-label="Mint seed link">
      <label>
        <span>
          Sharer <span class="muted">(optional)</span>
        </span>
        <input value={sharer} onInput={(event) => setSharer(event.currentTarget.value)} />
      </label>
      <label>
        <span>
          Channel <span class="muted">(optional)</span>
        </span>
        <input value={channel} onInput={(event) => setChannel(event.currentTarget.value)} />
      </label>
      <div class="mint-actions">
        <button type="submit" class="small" disabled={busy}>
          {busy ? 'Minting…' : 'Mint'}
        </button>
        <button type="button" class="secondary small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}

function MintedLink({ link }: { link: LinkView }) {
  return (
    <p class="minted" data-link-code={link.code}>
      <code class="short-url">{link.shortUrl}</code> <CopyButton value={link.shortUrl} label="Copy short URL" />
    </p>
  );
}

/** The trimmed non-empty fields only: an empty input means "not given", never an empty string. */
export function optionalFields<K extends string>(fields: Record<K, string>): Partial<Record<K, string>> {
  const given = Object.entries(fields)
    .map(([name, value]) => [name, (value as string).trim()] as const)
    .filter(([, value]) => value !== '');
  return Object.fromEntries(given) as Partial<Record<K, string>>;
}
