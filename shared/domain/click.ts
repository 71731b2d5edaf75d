import type { ArrivalChannel } from './arrival-channel.js';
import type { DeviceClass } from './user-agent.js';
import { newClickId } from './ids.js';
import type { Link } from './link.js';

// One request to GET /{code}. Never holds a raw IP or user agent (docs/contract.md §1).
export interface Click {
  id: string;
  workspaceId: string;
  contentId: string;
  code: string;
  rootCode: string;
  generation: number;
  /** The link's channel, so the aggregation needs no link lookup per click. */
  channel: string | null;
  /**
   * The channel the click arrived through, from the URL's `via` marker (docs/metrics.md,
   * "Arrivals"). Absent on clicks recorded before arrivals were: read as `direct` (arrivalOf).
   */
  arrival?: ArrivalChannel;
  visitorId: string;
  bot: boolean;
  device: DeviceClass;
  referrerHost: string | null;
  at: string;
}

export interface Visit {
  visitorId: string;
  bot: boolean;
  device: DeviceClass;
  referrerHost: string | null;
  /** Absent: `direct`, a link followed without a marker. */
  arrival?: ArrivalChannel;
}

export function newClick(link: Link, visit: Visit, now: Date): Click {
  return {
    id: newClickId(),
    workspaceId: link.workspaceId,
    contentId: link.contentId,
    code: link.code,
    rootCode: link.rootCode,
    generation: link.generation,
    channel: link.channel,
    visitorId: visit.visitorId,
    bot: visit.bot,
    device: visit.device,
    referrerHost: visit.referrerHost,
    arrival: visit.arrival ?? 'direct',
    at: now.toISOString(),
  };
}

/** The channel a click arrived through; a click recorded before arrivals were came with no marker. */
export const arrivalOf = (click: Pick<Click, 'arrival'>): ArrivalChannel => click.arrival ?? 'direct';
