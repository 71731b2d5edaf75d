import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import type { ContentView } from '../api/types.js';
import { useDashboard } from '../context.js';
import { asApiError } from '../hooks/use-resource.js';
import { FormError } from './form-error.js';
import { optionalFields } from './mint-seed-link.js';

// POST /v1/contents from the page. The API validates (URL scheme, campaign name…) and its issues
// are shown beside the form as it gave them.
export function CreateContentForm({ onCreated }: { onCreated: (content: ContentView) => void }) {
  const { client } = useDashboard();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [campaign, setCampaign] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function create(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const content = await client.createContent({ url: url.trim(), ...optionalFields({ title, campaign }) });
      setUrl('');
      setTitle('');
      setCampaign('');
      onCreated(content);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel create-content" noValidate onSubmit={create} aria-label="Create content">
      <h2>Create content</h2>
      <div class="form-row">
        <label class="wide">
          Destination URL
          <input name="url" value={url} placeholder="https://example.com/launch" onInput={(event) => setUrl(event.currentTarget.value)} />
        </label>
        <label>
          Title
          <input name="title" value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        </label>
        <label>
          Campaign
          <input name="campaign" value={campaign} onInput={(event) => setCampaign(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create content'}
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}
