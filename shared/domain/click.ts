import type { DeviceClass } from './user-agent.js';
import { newClickId } from './ids.js';
import type { Link } from './link.js';

// One request to GET /{code}. Never holds a raw IP or user agent (SPEC §1).
export interface Click {
  id: string;
  workspaceId: string;
  contentId: string;
  code: string;
  rootCode: string;
  generation: number;
  /** The link's channel, so the aggregation needs no link lookup per click. */
  channel: string | null;
  visitorId: string;
  bot: boolean;
  device: DeviceClass;
  referrerHost: string | null;
  at: string;
}

export function newClick(
  link: Link,
  visit: { visitorId: string; bot: boolean; device: DeviceClass; referrerHost: string | null },
  now: Date,
): Click {
  return {
    id: newClickId(),
    workspaceId: link.workspaceId,
    contentId: link.contentId,
    code: link.code,
    rootCode: link.rootCode,
    generation: link.generation,
    channel: link.channel,
    ...visit,
    at: now.toISOString(),
  };
}
