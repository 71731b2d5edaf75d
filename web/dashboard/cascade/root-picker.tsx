import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { CascadeNode } from '../api/types.js';
import type { PickRoot } from './cascade-view.js';
import type { Forest } from './forest.js';

/** The roots offered in the picker's suggestions (any link's code can be typed). */
const SUGGESTED_ROOTS = 500;

// Which tree is shown: one link's (any link: its tree is it and every link below it) or all of them.
export function RootPicker({ root, forest, onPick }: { root: string | undefined; forest: Forest | null; onPick: PickRoot }) {
  const [draft, setDraft] = useState(root ?? '');
  useEffect(() => setDraft(root ?? ''), [root]);
  const listId = useId();
  const roots = useMemo(() => (forest && root === undefined ? rootsOf(forest) : []), [forest, root]);
  return (
    <form
      class="row cascade-root"
      onSubmit={(event) => {
        event.preventDefault();
        const code = draft.trim();
        onPick(code === '' ? undefined : code);
      }}
    >
      <p class="cascade-showing">{root === undefined ? 'Showing every tree of this content.' : `Showing the tree of link ${root}.`}</p>
      <label>
        Root link
        <input
          name="root"
          list={listId}
          value={draft}
          placeholder="a link's code"
          autocomplete="off"
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
      </label>
      <datalist id={listId}>
        {roots.map((link) => (
          <option value={link.code} label={`${link.sharer ?? 'no sharer'} · ${link.channel ?? 'no channel'}`} />
        ))}
      </datalist>
      <button type="submit">Show tree</button>
      {root !== undefined && (
        <button type="button" class="secondary" onClick={() => onPick(undefined)}>
          Show whole forest
        </button>
      )}
    </form>
  );
}

function rootsOf(forest: Forest): CascadeNode[] {
  const roots: CascadeNode[] = [];
  for (let index = 0; index < forest.links.length && roots.length < SUGGESTED_ROOTS; index++)
    if (forest.parent[index] === -1) roots.push(forest.links[index] as CascadeNode);
  return roots;
}
