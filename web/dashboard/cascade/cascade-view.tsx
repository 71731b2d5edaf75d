import { useMemo, useState } from 'preact/hooks';
import { Link } from '../components/link.js';
import { ErrorBanner } from '../components/resource-view.js';
import { useDashboard } from '../context.js';
import { formatCount } from '../format.js';
import { navigate } from '../router.js';
import { buildForest, type Forest } from './forest.js';
import { ForestView } from './forest-view.js';
import { type CascadeLoad, useCascade } from './load-cascade.js';
import { RootPicker } from './root-picker.js';

/** Picks a tree to show (a link's code), or the whole forest (undefined). */
export type PickRoot = (root: string | undefined) => void;

// A content's cascade: loads every page of its forest (or of one tree), then draws it with the
// top sharers beside it. On the read-only share page picking a tree stays on that page.
export function CascadeView({ contentId, root }: { contentId: string; root?: string | undefined }) {
  const { client, readOnly } = useDashboard();
  const [localRoot, setLocalRoot] = useState(root);
  const picked = readOnly ? localRoot : root;
  const pickRoot: PickRoot = (code) =>
    readOnly ? setLocalRoot(code) : navigate(code === undefined ? { page: 'tree', contentId } : { page: 'tree', contentId, root: code });
  const { state, retry } = useCascade(client, contentId, picked);
  const forest = useMemo(() => (state.status === 'ready' ? buildForest(state.load.nodes) : null), [state.status, state.load.nodes]);
  return (
    <div class="cascade">
      <RootPicker root={picked} forest={forest} onPick={pickRoot} />
      {state.status === 'error' && <ErrorBanner message={state.error.message} retryable={state.error.retryable} onRetry={retry} />}
      {state.status === 'error' && state.load.pages > 0 && (
        <p class="muted">Loaded {formatCount(state.load.nodes.length)} links before the error; Retry goes on from the next page.</p>
      )}
      {state.status === 'loading' && <LoadProgress load={state.load} />}
      {forest && <LoadedCascade forest={forest} load={state.load} contentId={contentId} root={picked} onPick={pickRoot} />}
    </div>
  );
}

function LoadedCascade({
  forest,
  load,
  contentId,
  root,
  onPick,
}: {
  forest: Forest;
  load: CascadeLoad;
  contentId: string;
  root: string | undefined;
  onPick: PickRoot;
}) {
  if (forest.links.length === 0) return <EmptyCascade contentId={contentId} computedAt={load.computedAt} />;
  return <ForestView key={`${load.computedAt}:${root}`} forest={forest} load={load} root={root} onPick={onPick} />;
}

// The total is not known until the last page: the count so far, and a bar that moves per page.
export function LoadProgress({ load }: { load: CascadeLoad }) {
  return (
    <div class="cascade-progress" role="status">
      <span>
        Loaded {formatCount(load.nodes.length)} of … links{load.pages > 0 ? ` (${formatCount(load.pages)} ${load.pages === 1 ? 'page' : 'pages'} so far)` : ''}
      </span>
      {load.pages === 0 ? <progress aria-label="Loading the cascade" /> : <progress aria-label="Loading the cascade" value={load.pages} max={load.pages + 1} />}
    </div>
  );
}

function EmptyCascade({ contentId, computedAt }: { contentId: string; computedAt: string | null }) {
  const { readOnly } = useDashboard();
  return (
    <div class="panel">
      <p class="empty">
        No links yet: mint a seed link from the {readOnly ? 'content page' : <Link to={{ page: 'content', contentId }}>content page</Link>}
        {computedAt === null ? '. (The cascade has not been aggregated yet: links minted in the last minutes show once it has.)' : '.'}
      </p>
    </div>
  );
}
