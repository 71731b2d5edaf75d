import { useMemo, useState } from 'preact/hooks';
import { formatAgo, formatCount } from '../format.js';
import { CascadeCanvas } from './cascade-canvas.js';
import type { PickRoot } from './cascade-view.js';
import { type ColourMode, coloursOf } from './colours.js';
import { sceneOf } from './draw.js';
import type { Forest } from './forest.js';
import { type LayoutKind, layoutOf, tidyLayout } from './layout.js';
import type { CascadeLoad } from './load-cascade.js';
import { NodePanel } from './node-panel.js';
import { TopSharersTable } from './top-sharers-table.js';

const TABLE_ID = 'cascade-top-sharers';

/** A link picked in the canvas or the table; from the table the view also moves to it. */
export interface Selection {
  index: number;
  centre: boolean;
}

// The loaded forest: layout and colour choices, the canvas, the picked link's panel, the table.
export function ForestView({ forest, load, root, onPick }: { forest: Forest; load: CascadeLoad; root: string | undefined; onPick: PickRoot }) {
  const [kind, setKind] = useState<LayoutKind>('tidy');
  const [mode, setMode] = useState<ColourMode>('channel');
  const [selection, setSelection] = useState<Selection>({ index: -1, centre: false });
  // Laid out once per forest and kind (the radial layout is the tidy one in polar coordinates).
  const tidy = useMemo(() => tidyLayout(forest), [forest]);
  const layout = useMemo(() => layoutOf(forest, kind, tidy), [forest, kind, tidy]);
  const colours = useMemo(() => coloursOf(forest, mode), [forest, mode]);
  const scene = useMemo(() => sceneOf(forest, layout, colours), [forest, layout, colours]);
  const picked = forest.links[selection.index];
  return (
    <>
      <p class="muted">
        {summaryOf(forest)}. As of {formatAgo(load.computedAt)}.
      </p>
      <TreeOptions kind={kind} mode={mode} onKind={setKind} onMode={setMode} />
      <a class="skip-link" href={`#${TABLE_ID}`} onClick={(event) => skipTo(event, TABLE_ID)}>
        Skip the canvas
      </a>
      <div class="cascade-body">
        <CascadeCanvas
          forest={forest}
          scene={scene}
          focus={root === undefined ? -1 : 0}
          selection={selection}
          label={summaryOf(forest)}
          onSelect={(index) => setSelection({ index, centre: false })}
        />
        {picked && <NodePanel link={picked} root={root} onPick={onPick} onClose={() => setSelection({ index: -1, centre: false })} />}
      </div>
      <div id={TABLE_ID} tabIndex={-1} class="cascade-table">
        <TopSharersTable forest={forest} onShow={(index) => setSelection({ index, centre: true })} />
      </div>
    </>
  );
}

/** "Cascade of 1,204 links, 3 trees, deepest generation 9": the canvas's text alternative. */
export function summaryOf(forest: Forest): string {
  const links = forest.links.length;
  const trees = forest.rootCount;
  return `Cascade of ${formatCount(links)} ${links === 1 ? 'link' : 'links'}, ${formatCount(trees)} ${trees === 1 ? 'tree' : 'trees'}, deepest generation ${formatCount(forest.deepestGeneration)}`;
}

function TreeOptions({ kind, mode, onKind, onMode }: { kind: LayoutKind; mode: ColourMode; onKind(kind: LayoutKind): void; onMode(mode: ColourMode): void }) {
  return (
    <div class="row cascade-options">
      <label class="inline">
        Layout
        <select aria-label="Layout" value={kind} onChange={(event) => onKind(event.currentTarget.value as LayoutKind)}>
          <option value="tidy">tidy</option>
          <option value="radial">radial</option>
        </select>
      </label>
      <label class="inline">
        Colour by
        <select aria-label="Colour by" value={mode} onChange={(event) => onMode(event.currentTarget.value as ColourMode)}>
          <option value="channel">channel</option>
          <option value="generation">generation</option>
        </select>
      </label>
    </div>
  );
}

// To the table past the canvas, keeping the route (a #fragment would be read as a navigation).
function skipTo(event: MouseEvent, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.focus();
  target?.scrollIntoView?.({ block: 'start' });
}
