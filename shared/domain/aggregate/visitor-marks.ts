import type { ArrivalChannel } from '../arrival-channel.js';
import { arrivalOf, type Click } from '../click.js';
import { NO_CHANNEL, type VisitorFirsts } from './content-aggregate.js';

export interface MarkNames {
  content(): string;
  link(code: string): string;
  generation(generation: number): string;
  channel(channel: string): string;
  arrival(channel: ArrivalChannel): string;
}

// For one visitor's human clicks on one content in a step (in feed order): each mark they could
// set, proposed with the earliest click that sets it. Runs over the same step propose the same
// clicks, which is what lets a rerun recognise the marks it set before.
export function proposeMarks(clicks: readonly Click[], names: MarkNames): Record<string, string> {
  const proposals: Record<string, string> = {};
  for (const click of clicks) {
    for (const mark of marksOf(click, names)) proposals[mark] ??= click.id;
  }
  return proposals;
}

/** Which marks a click owns, given the stored marks (each holds the id of the click that set it). */
export function firstsOf(click: Click, stored: Readonly<Record<string, string>>, names: MarkNames): VisitorFirsts {
  const [content, link, generation, channel, arrival] = marksOf(click, names);
  return {
    content: stored[content] === click.id,
    link: stored[link] === click.id,
    generation: stored[generation] === click.id,
    channel: stored[channel] === click.id,
    arrival: stored[arrival] === click.id,
  };
}

function marksOf(click: Click, names: MarkNames): [string, string, string, string, string] {
  return [
    names.content(),
    names.link(click.code),
    names.generation(click.generation),
    names.channel(click.channel ?? NO_CHANNEL),
    names.arrival(arrivalOf(click)),
  ];
}

/**
 * How a visitor first came to a content: the click that first touched it (the content mark's click),
 * the channel it arrived through, and its feed position. Proposed with the step's earliest click,
 * beside the content mark, and kept only if none is stored (docs/data-model.md, "Visitor marks").
 */
export interface FirstArrival {
  click: string;
  channel: ArrivalChannel;
  position: string;
}

export const firstArrivalOf = (click: Click, position: string): FirstArrival => ({ click: click.id, channel: arrivalOf(click), position });

/**
 * The channel a re-share link at `position` counts for: its creator's first arrival on the content,
 * if that came before the link in the feed — a visitor who made a link before ever clicking one
 * (or whose first click predates arrivals: the stored arrival is not their first touch's) counts
 * for none.
 */
export function reshareArrival(stored: { firstTouch: string | null; firstArrival: FirstArrival | null }, position: string): ArrivalChannel | null {
  const { firstTouch, firstArrival } = stored;
  if (firstTouch === null || firstArrival === null || firstArrival.click !== firstTouch) return null;
  return firstArrival.position < position ? firstArrival.channel : null;
}
