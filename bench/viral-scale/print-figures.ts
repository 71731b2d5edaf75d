// Prints the viral-scale figures as Markdown tables (pasted as such into docs/benchmarks.md).

import type { IoCounts } from './counting-dynamo.js';
import type { CascadePageFigures, CommitAnatomy, PartsFigures, PreparedParts } from './parts-layout.js';
import type { ViralContent } from './viral-content.js';
import type { WholeStateFigures } from './whole-state.js';

export interface ScaleFigures {
  links: number;
  events: number;
  repetitions: number;
  warmUp: number;
  content: Pick<ViralContent, 'depth' | 'randomSeed'> & { baseClicks: number };
  prepared: Pick<PreparedParts, 'prepareSeconds' | 'table'>;
  old: WholeStateFigures;
  parts: PartsFigures[];
  /** The same commits at E = 1,000 events, to compare write cost across L at fixed E. */
  fixedE: PartsFigures[];
  anatomy: CommitAnatomy;
  cascade: { pages: CascadePageFigures[]; whole: CascadePageFigures };
}

const int = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (value >= 100 ? int(value) : value.toFixed(1));

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${value} B`;
}

const percent = (ratio: number) => (ratio >= 0.1 ? `${(ratio * 100).toFixed(0)} %` : `${(ratio * 100).toFixed(2)} %`);

export function printScale(f: ScaleFigures): void {
  const half = Math.round(f.events / 2);
  console.log(
    `\n### L = ${int(f.links)} links (depth ${int(f.content.depth)}, GW random seed ${f.content.randomSeed}; ${int(f.content.baseClicks)} base clicks)\n`,
  );
  console.log(
    `Base state committed in ${f.prepared.prepareSeconds.toFixed(1)} s (not measured; structure, days and head in one commit, tallies in commits of 15,000): ` +
      `${int(f.prepared.table.items)} items, ${bytes(f.prepared.table.bytes)} in the fake table. ` +
      `Measured: one commit of E = ${int(f.events)} events (${int(half)} new links, ${int(f.events - half)} clicks), ` +
      `${f.repetitions === 1 ? 'one repetition' : `median of ${f.repetitions}`}${f.warmUp > 0 ? ` after ${f.warmUp} warm-up` : ' (no warm-up)'}.\n`,
  );
  console.log(
    '| layout | bytes written | items written | WCU | bytes read cold / warm | RRU cold / warm | compute ms cold / warm | written new/old | compute new/old (warm) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const o = f.old;
  console.log(
    `| whole state (old) | ${bytes(o.bytesWritten)} | ${o.itemsWritten} | ${int(o.writeUnits)} | ${bytes(o.bytesRead)} (no cache) | ${int(o.readUnits)} | ${ms(o.compute.total)} | | |`,
  );
  for (const p of f.parts) {
    console.log(
      `| parts, ${p.distribution} clicks | ${bytes(p.warm.counts.bytesWritten)} | ${p.warm.counts.itemsWritten} | ${int(p.warm.counts.writeUnits)} | ` +
        `${bytes(p.cold.counts.bytesRead)} / ${bytes(p.warm.counts.bytesRead)} | ${int(p.cold.counts.readUnits)} / ${int(p.warm.counts.readUnits)} | ` +
        `${ms(p.cold.computeMs)} / ${ms(p.warm.computeMs)} | ${percent(p.warm.counts.bytesWritten / o.bytesWritten)} | ${percent(p.warm.computeMs / o.compute.total)} |`,
    );
  }
  console.log(
    `\nOld: ${bytes(o.jsonBytes)} of JSON → ${bytes(o.gzippedBytes)} gzipped in ${o.chunks} chunk(s); WCU = ${int(o.putUnits)} for the puts + ` +
      `${int(o.writeUnits - o.putUnits)} for deleting the replaced state. Compute (median ms): gunzip + parse ${ms(o.compute.decode)}, ` +
      `Map of links + events ${ms(o.compute.apply)}, report ${ms(o.compute.report)}, stringify + gzip ${ms(o.compute.encode)}.`,
  );
  const a = f.anatomy;
  console.log(
    `Parts, where a warm commit's time goes (the O(L) calls of updateContent, timed alone on the base state): readStructure from the cache ${ms(a.readStructureMs)}, ` +
      `contentWork (links past the shared index indexed by code) ${ms(a.contentWorkMs)}, contentReport (cascade over every link) ${ms(a.reportMs)} ms.`,
  );
  const w = f.cascade.whole;
  console.log(
    `Cascade page of 1,000 links, cold process (its tallies aside): ${f.cascade.pages
      .map((page) => `${page.at} ${bytes(page.bytesRead)} / ${int(page.readUnits)} RRU / ${ms(page.ms)} ms (${percent(page.bytesRead / w.bytesRead)})`)
      .join(', ')}; the whole structure, as a page read it before child edges: ${bytes(w.bytesRead)} / ${int(w.readUnits)} RRU / ${ms(w.ms)} ms.`,
  );
  for (const p of f.parts) {
    console.log(
      `Parts, ${p.distribution}: writes ${breakdown(p.warm.counts.writesByType)}; warm reads ${reads(p.warm.counts)}; cold reads ${reads(p.cold.counts)}.`,
    );
  }
}

function breakdown(byType: IoCounts['writesByType']): string {
  return Object.entries(byType)
    .sort(([, a], [, b]) => b.units - a.units)
    .map(([type, row]) => `${type} ${row.items} (${bytes(row.bytes)}, ${int(row.units)} WCU)`)
    .join(', ');
}

function reads(counts: IoCounts): string {
  const requests = Object.entries(counts.requests)
    .filter(([name]) => !name.startsWith('Put'))
    .map(([name, n]) => `${n} ${name}`)
    .join(' + ');
  const items = Object.entries(counts.readsByType)
    .map(([type, row]) => `${type} ${row.items} (${bytes(row.bytes)})`)
    .join(', ');
  return `${requests}: ${items}`;
}

export interface Goals {
  writtenRatio: { distribution: string; ratio: number }[];
  warmComputeMs: { distribution: string; ms: number }[];
  coldComputeMs: { distribution: string; ms: number }[];
  flat: { distribution: string; units: number[]; tallies: number[]; headUnits: number[]; ratio: number }[];
}

export function goals(scales: ScaleFigures[]): Goals | null {
  const top = scales.find((s) => s.links >= 1_000_000);
  if (!top) return null;
  const fixed = (s: ScaleFigures, distribution: string) => s.fixedE.find((p) => p.distribution === distribution);
  return {
    writtenRatio: top.parts.map((p) => ({ distribution: p.distribution, ratio: p.warm.counts.bytesWritten / top.old.bytesWritten })),
    warmComputeMs: top.parts.map((p) => ({ distribution: p.distribution, ms: p.warm.computeMs })),
    coldComputeMs: top.parts.map((p) => ({ distribution: p.distribution, ms: p.cold.computeMs })),
    flat: top.fixedE.map((p) => {
      const counts = scales.map((s) => fixed(s, p.distribution)?.warm.counts);
      const units = counts.map((c) => c?.writeUnits ?? Number.NaN);
      const tallies = counts.map((c) => c?.writesByType.linkTally?.items ?? 0);
      const headUnits = counts.map((c) => c?.writesByType.aggregateHead?.units ?? 0);
      return { distribution: p.distribution, units, tallies, headUnits, ratio: Math.max(...units) / Math.min(...units) };
    }),
  };
}

export function printGoals(scales: ScaleFigures[], g: Goals): boolean {
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log('\n### Goals (issue 8), at 1,000,000 links\n');
  const written = g.writtenRatio.every((r) => r.ratio <= 0.01);
  console.log(
    `- commit writes ≤ 1 % of the whole state's bytes: ${g.writtenRatio.map((r) => `${r.distribution} ${percent(r.ratio)}`).join(', ')} — **${met(written)}**`,
  );
  const compute = [...g.warmComputeMs, ...g.coldComputeMs].every((r) => r.ms <= 1_500);
  console.log(
    `- compute ≤ 1.5 s, warm and cold: warm (a process that made the previous commit) ${g.warmComputeMs.map((r) => `${r.distribution} ${int(r.ms)} ms`).join(', ')}; ` +
      `cold (a fresh process reading every chunk) ${g.coldComputeMs.map((r) => `${r.distribution} ${int(r.ms)} ms`).join(', ')} — **${met(compute)}**`,
  );
  // Judged where the same events touch as many links at every size: 'recent' clicks land on the
  // last hour's links, fewer at a small size, so they write fewer tallies there (printed, not judged).
  const judged = g.flat.filter((r) => r.distribution !== 'recent');
  const flat = judged.every((r) => r.ratio <= 1.25);
  console.log(
    `- write cost flat in L at fixed E = 1,000 (WCU at ${scales.map((s) => int(s.links)).join(' / ')} links; flat = max/min ≤ 1.25): ` +
      `${judged.map((r) => `${r.distribution} ${r.units.map(int).join(' / ')} (×${r.ratio.toFixed(2)})`).join(', ')} — **${met(flat)}**`,
  );
  for (const r of g.flat) {
    const note = r.distribution === 'recent' ? ` (×${r.ratio.toFixed(2)}: not judged, the last hour holds fewer links to click at a small size)` : '';
    console.log(
      `  ${r.distribution}: WCU ${r.units.map(int).join(' / ')}${note}; link tallies written ${r.tallies.map(int).join(' / ')}; head ${r.headUnits.map(int).join(' / ')} WCU`,
    );
  }
  return written && compute && flat;
}
