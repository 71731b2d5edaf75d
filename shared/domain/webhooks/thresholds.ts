import type { Report } from '../report.js';
import type { Threshold, ThresholdMetric } from './subscription.js';

export interface Crossing {
  threshold: Threshold;
  value: number;
}

// The thresholds a report has reached: value ≥ gte (a null value — a ratio with nothing to divide —
// never crosses), and for thresholds that ask for it, enough mature re-share links.
export function crossedThresholds(thresholds: readonly Threshold[], report: Report, matureLinks: number): Crossing[] {
  const crossings: Crossing[] = [];
  for (const threshold of thresholds) {
    const value = report[threshold.metric as ThresholdMetric] as number | null;
    if (value === null || typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (threshold.minMatureLinks !== undefined && matureLinks < threshold.minMatureLinks) continue;
    if (value >= threshold.gte) crossings.push({ threshold, value });
  }
  return crossings;
}
