import type { Forest } from './forest.js';

// Which colour each link is drawn in, by its channel or its generation, and the legend saying so.
// The same channel or generation always gets the same colour, whatever order the links came in.

export type ColourMode = 'channel' | 'generation';

/** Distinct on light and dark backgrounds: one each for up to nine channels. */
const CHANNEL_PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const OTHER_CHANNELS = '#bab0ac';
const NO_CHANNEL = '#7f8790';

/** Generations in fixed bands (fixed, so a generation's colour never depends on the data). */
const GENERATION_BANDS: { from: number; to: number; colour: string }[] = [
  { from: 0, to: 0, colour: '#3b4cc0' },
  { from: 1, to: 1, colour: '#2f8af5' },
  { from: 2, to: 2, colour: '#18b6c9' },
  { from: 3, to: 3, colour: '#3ec66a' },
  { from: 4, to: 5, colour: '#a2c42c' },
  { from: 6, to: 9, colour: '#e8b72f' },
  { from: 10, to: 19, colour: '#f58a26' },
  { from: 20, to: 49, colour: '#e2451a' },
  { from: 50, to: Infinity, colour: '#a51403' },
];

export interface LegendEntry {
  label: string;
  colour: string;
}

export interface Colours {
  /** Each link's colour, as an index into `palette`, by its index in the forest. */
  of: Uint8Array;
  palette: string[];
  /** The colours present: channels most used first, generations in order. */
  legend: LegendEntry[];
}

export function coloursOf(forest: Forest, mode: ColourMode): Colours {
  return mode === 'channel' ? byChannel(forest) : byGeneration(forest);
}

// The channels ranked by how many loaded links carry them (then by name): the nine largest get a
// colour each, the rest share one, and no channel has its own grey. A channel's colour comes from
// its name, so "email" is the same colour in every tree; when two names want the same colour, the
// more used keeps it and the other takes the next free one.
function byChannel(forest: Forest): Colours {
  const links = new Map<string, number>();
  for (const link of forest.links) if (link.channel !== null) links.set(link.channel, (links.get(link.channel) ?? 0) + 1);
  const ranked = [...links].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0)).map(([channel]) => channel);
  const named = ranked.slice(0, CHANNEL_PALETTE.length);
  const slot = slotsByName(named);
  const other = CHANNEL_PALETTE.length;
  const none = other + 1;
  const palette = [...CHANNEL_PALETTE, OTHER_CHANNELS, NO_CHANNEL];
  const of = Uint8Array.from(forest.links, (link) => (link.channel === null ? none : (slot.get(link.channel) ?? other)));
  const rest = ranked.length - named.length;
  const legend = named.map((channel) => ({ label: channel, colour: palette[slot.get(channel) as number] as string }));
  if (rest > 0) legend.push({ label: rest === 1 ? '1 other channel' : `${rest} other channels`, colour: OTHER_CHANNELS });
  if (of.includes(none)) legend.push({ label: 'no channel', colour: NO_CHANNEL });
  return { of, palette, legend };
}

function slotsByName(ranked: readonly string[]): Map<string, number> {
  const taken = new Uint8Array(CHANNEL_PALETTE.length);
  const slots = new Map<string, number>();
  for (const channel of ranked) {
    let slot = hashOf(channel) % CHANNEL_PALETTE.length;
    while (taken[slot]) slot = (slot + 1) % CHANNEL_PALETTE.length;
    taken[slot] = 1;
    slots.set(channel, slot);
  }
  return slots;
}

/** FNV-1a: a name's stable number. */
function hashOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < name.length; at++) hash = Math.imul(hash ^ name.charCodeAt(at), 0x01000193);
  return hash >>> 0;
}

function byGeneration(forest: Forest): Colours {
  const palette = GENERATION_BANDS.map((band) => band.colour);
  const of = Uint8Array.from(forest.links, (link) => bandOf(link.generation));
  const labels = GENERATION_BANDS.map(({ from, to }) =>
    from === to ? `generation ${from}` : to === Infinity ? `generation ${from}+` : `generations ${from}–${to}`,
  );
  return { of, palette, legend: legendOf(of, palette, labels) };
}

export function bandOf(generation: number): number {
  const band = GENERATION_BANDS.findIndex((candidate) => generation <= candidate.to);
  return band === -1 ? GENERATION_BANDS.length - 1 : band;
}

function legendOf(of: Uint8Array, palette: string[], labels: string[]): LegendEntry[] {
  const present = new Uint8Array(palette.length);
  for (const slot of of) present[slot] = 1;
  return palette.flatMap((colour, slot) => (present[slot] ? [{ label: labels[slot] as string, colour }] : []));
}
