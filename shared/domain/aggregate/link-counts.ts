// A link's live counts: what the aggregation counted, plus the clicks after its checkpoint (the
// tail, at most one interval of events). A tail visitor is new to the link unless their mark on it
// points at a click already counted (one before the tail).
export interface LinkCounts {
  clicks: number;
  botClicks: number;
  uniqueVisitors: number;
}

export function liveLinkCounts(
  counted: LinkCounts,
  tail: { clicks: number; botClicks: number; visitors: ReadonlyMap<string, readonly string[]> },
  marks: ReadonlyMap<string, string | null>,
): LinkCounts {
  let newVisitors = 0;
  for (const [visitorId, clickIds] of tail.visitors) {
    const mark = marks.get(visitorId) ?? null;
    if (mark === null || clickIds.includes(mark)) newVisitors++;
  }
  return {
    clicks: counted.clicks + tail.clicks,
    botClicks: counted.botClicks + tail.botClicks,
    uniqueVisitors: counted.uniqueVisitors + newVisitors,
  };
}
