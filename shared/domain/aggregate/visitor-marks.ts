import type { Click } from '../click.js';
import { NO_CHANNEL, type VisitorFirsts } from './content-aggregate.js';

export interface MarkNames {
  content(): string;
  link(code: string): string;
  generation(generation: number): string;
  channel(channel: string): string;
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
  const [content, link, generation, channel] = marksOf(click, names);
  return {
    content: stored[content] === click.id,
    link: stored[link] === click.id,
    generation: stored[generation] === click.id,
    channel: stored[channel] === click.id,
  };
}

function marksOf(click: Click, names: MarkNames): [string, string, string, string] {
  return [names.content(), names.link(click.code), names.generation(click.generation), names.channel(click.channel ?? NO_CHANNEL)];
}
