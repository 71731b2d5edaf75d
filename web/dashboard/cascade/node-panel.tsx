import type { CascadeNode } from '../api/types.js';
import { CopyButton } from '../components/copy-button.js';
import { useDashboard } from '../context.js';
import { LinkFacts } from './link-facts.js';
import type { PickRoot } from './cascade-view.js';

// The picked link: what the API says of it, its short URL to copy, and its tree on its own.
export function NodePanel({ link, root, onPick, onClose }: { link: CascadeNode; root: string | undefined; onPick: PickRoot; onClose(): void }) {
  const { config } = useDashboard();
  const shortUrl = `${location.origin}${config.apiBase}/${link.code}`;
  return (
    <aside class="cascade-panel panel" aria-label={`Link ${link.code}`}>
      <div class="table-head">
        <h3>
          Link <code>{link.code}</code>
        </h3>
        <button type="button" class="secondary small" aria-label="Close the link's details" onClick={onClose}>
          ×
        </button>
      </div>
      <p class="cascade-url">
        <code>{shortUrl}</code> <CopyButton value={shortUrl} label="Copy link" />
      </p>
      <LinkFacts link={link} full />
      <div class="row">
        {link.code !== root && (
          <button type="button" onClick={() => onPick(link.code)}>
            Show only this tree
          </button>
        )}
        {root !== undefined && (
          <button type="button" class="secondary" onClick={() => onPick(undefined)}>
            Show whole forest
          </button>
        )}
      </div>
    </aside>
  );
}
