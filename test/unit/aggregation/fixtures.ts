import type { Click } from '../../../shared/domain/click.js';
import type { Conversion } from '../../../shared/domain/conversion.js';
import type { Link } from '../../../shared/domain/link.js';
import type { StructureLink } from '../../../shared/domain/aggregate/content-aggregate.js';
import { type ContentSummary, emptySummary } from '../../../shared/domain/aggregate/content-summary.js';
import type { MarkNames } from '../../../shared/domain/aggregate/visitor-marks.js';

// Plain builders for the aggregation's values; each test overrides only what it is about.

export const WS = 'ws_one';
export const CONTENT = 'cnt_AAAAAAAAAAAAAAAAAAAAA';
export const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
/** An ISO instant `seconds` after T0. */
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export function aLink(overrides: Partial<Link> = {}): Link {
  const code = overrides.code ?? 'Seed000001';
  return {
    code,
    workspaceId: WS,
    contentId: CONTENT,
    parent: null,
    rootCode: code,
    generation: 0,
    sharer: null,
    channel: null,
    utm: null,
    creatorVisitorId: null,
    createdAt: at(0),
    ...overrides,
  };
}

let clickSerial = 0;
export function aClick(overrides: Partial<Click> = {}): Click {
  clickSerial++;
  return {
    id: `click${String(clickSerial).padStart(6, '0')}`,
    workspaceId: WS,
    contentId: CONTENT,
    code: 'Seed000001',
    rootCode: 'Seed000001',
    generation: 0,
    channel: null,
    arrival: 'direct',
    visitorId: 'h_visitor0000000000000a',
    bot: false,
    device: 'desktop',
    referrerHost: null,
    at: at(60),
    ...overrides,
  };
}

export function aConversion(overrides: Partial<Conversion> = {}): Conversion {
  return {
    workspaceId: WS,
    externalId: 'order-1',
    code: null,
    visitorId: null,
    contentId: null,
    value: 0,
    currency: null,
    createdAt: at(120),
    ...overrides,
  };
}

/** A link as the content's structure keeps it. */
export function aStructureLink(overrides: Partial<StructureLink> = {}): StructureLink {
  return {
    code: 'Seed000001',
    parent: null,
    createdAtMs: T0,
    generation: 0,
    sharer: null,
    channel: null,
    ...overrides,
  };
}

/** A content's summary under a one-day K window, nothing counted unless overridden. */
export function aSummary(overrides: Partial<ContentSummary> = {}): ContentSummary {
  return { ...emptySummary(86_400_000), ...overrides };
}

/** Mark names (within one visitor's item for one content) that are easy to read in assertions; the real ones live in keys.marks. */
export const markNames: MarkNames = {
  content: () => 'content',
  link: (code) => `link:${code}`,
  generation: (generation) => `gen:${generation}`,
  channel: (channel) => `channel:${channel}`,
  arrival: (channel) => `arrival:${channel}`,
};

/** A minimal RFC 4180 reader: rows of fields, quotes unescaped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A promise with its resolve and reject exposed. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
