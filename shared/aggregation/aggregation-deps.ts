import type { MarkNames } from '../domain/aggregate/visitor-marks.js';
import type { Content } from '../domain/content.js';
import type { FeedPosition, FeedStep } from '../store/activity.js';
import type { ContentStateStore } from '../store/content-state.js';
import type { ConversionStore } from '../store/conversions.js';
import type { FeedControlStore } from '../store/feed-control.js';
import type { MaturityWatchStore } from '../store/maturity-watch.js';
import type { VisitorMarkStore } from '../store/visitor-marks.js';
import type { ThresholdDetector } from './threshold-detector.js';

// What one aggregation run works with: the feed, the control items, the contents' state, the
// visitor marks, conversion attribution, thresholds and the maturity watch, and a clock.
export interface AggregationDeps {
  readFeedStep(request: { after: FeedPosition; until: FeedPosition; maxEvents: number }): Promise<FeedStep>;
  control: FeedControlStore;
  state: ContentStateStore;
  contents: { get(workspaceId: string, contentId: string): Promise<Content | null> };
  marks: Pick<VisitorMarkStore, 'mark' | 'lastTouch' | 'firstTouch'>;
  markNames: MarkNames;
  conversions: Pick<ConversionStore, 'attribute'>;
  /** Webhook thresholds, checked on each content's new report (absent: no webhooks). */
  thresholds?: ThresholdDetector;
  /** Contents to look at again when a re-share link matures (K changes with no new event). */
  maturityWatch: MaturityWatchStore;
  clock: () => Date;
  settings: {
    /** Events younger than this are left for the next run (index propagation, slow writes). */
    lagMs: number;
    maxEventsPerStep: number;
    leaseMs: number;
    visitorConcurrency: number;
    contentConcurrency: number;
  };
}

export interface AggregationOptions {
  /** Aggregate through this time (default: now − lag). */
  until?: Date;
  /** Start no new step after this (epoch ms): a Lambda stops well before its timeout. */
  deadlineMs?: number;
  /** Recompute this content from the start of the feed. */
  rebuild?: { workspaceId: string; contentId: string };
}

export type AggregationResult =
  | { status: 'skipped'; reason: string }
  /** Another run committed first (this run's lease had expired): the next run resumes. */
  | { status: 'preempted'; reason: string }
  | {
      status: 'done';
      steps: number;
      events: number;
      contents: number;
      visitors: number;
      unattributedConversions: number;
      /** Feed items that could not be read whole: logged and skipped. */
      skippedEvents: number;
      /** Contents that could not be updated and wait to catch up (logged, listed in the store). */
      laggingContents: number;
      /**
       * False when the deadline stopped the run before `until`, or before it refreshed every content
       * whose re-share link matured: the next run continues.
       */
      complete: boolean;
      through: string;
    };
