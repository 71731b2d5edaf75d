import { useEffect, useRef, useState } from 'preact/hooks';
import type { CascadeNode } from '../api/types.js';
import type { LegendEntry } from './colours.js';
import type { Scene } from './draw.js';
import type { Forest } from './forest.js';
import type { Selection } from './forest-view.js';
import { LinkFacts } from './link-facts.js';
import { TreeRenderer } from './tree-renderer.js';

const ZOOM_STEP = 1.5;

// The forest on a canvas (drawn by tree-renderer.ts), its zoom buttons, legend and hover tooltip.
// The canvas is an image with a summary for assistive technology; the table after it has the links.
export function CascadeCanvas(props: { forest: Forest; scene: Scene; focus: number; selection: Selection; label: string; onSelect(index: number): void }) {
  const { forest, scene, focus, selection, label } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<TreeRenderer | null>(null);
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;
  const [hovered, setHovered] = useState(-1);
  useEffect(() => {
    if (!canvas.current) return;
    const created = new TreeRenderer(canvas.current, { hover: setHovered, select: (index) => onSelect.current(index) });
    renderer.current = created;
    return () => created.destroy();
  }, []);
  useEffect(() => renderer.current?.setScene(scene, focus), [scene, focus]);
  useEffect(() => renderer.current?.setSelected(selection.index, selection.centre), [selection]);
  const at = hovered >= 0 ? renderer.current?.screenOf(hovered) : null;
  return (
    <div class="cascade-stage">
      <canvas
        ref={canvas}
        class="cascade-canvas"
        data-testid="cascade-canvas"
        data-node-count={forest.links.length}
        role="img"
        aria-label={label}
        tabIndex={0}
      />
      <div class="cascade-zoom">
        <button type="button" class="secondary small" aria-label="Zoom in" onClick={() => renderer.current?.zoom(ZOOM_STEP)}>
          +
        </button>
        <button type="button" class="secondary small" aria-label="Zoom out" onClick={() => renderer.current?.zoom(1 / ZOOM_STEP)}>
          −
        </button>
        <button type="button" class="secondary small" onClick={() => renderer.current?.fit()}>
          Fit
        </button>
      </div>
      {at && forest.links[hovered] && (
        <NodeTooltip
          link={forest.links[hovered] as CascadeNode}
          x={at[0]}
          y={at[1]}
          width={canvas.current?.clientWidth ?? 0}
          height={canvas.current?.clientHeight ?? 0}
        />
      )}
      <Legend entries={scene.colours.legend} />
    </div>
  );
}

function Legend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul class="cascade-legend" aria-label="Colours">
      {entries.map((entry) => (
        <li>
          <span class="cascade-swatch" style={{ backgroundColor: entry.colour }} />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

// Beside the hovered link, on whichever side has room. Positioned through the element's style
// object (CSSOM), which the page's style-src 'self' allows.
function NodeTooltip({ link, x, y, width, height }: { link: CascadeNode; x: number; y: number; width: number; height: number }) {
  const horizontal = width > 0 && x > width / 2 ? { right: `${width - x + 12}px` } : { left: `${x + 12}px` };
  const vertical = height > 0 && y > height / 2 ? { bottom: `${height - y + 12}px` } : { top: `${y + 12}px` };
  const position = { ...horizontal, ...vertical };
  return (
    <div class="cascade-tooltip" role="tooltip" style={position}>
      <strong>{link.sharer ?? 'No sharer recorded'}</strong>
      <LinkFacts link={link} />
    </div>
  );
}
