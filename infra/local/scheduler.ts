import type { AggregationResult } from '../../shared/aggregation/run-aggregation.js';
import { logError } from '../../shared/log.js';
import { SCHEDULED_INPUT, type Schedule, type ScheduledFunctionName, schedules } from '../../shared/topology.js';
import { loadFunction } from './handlers.js';
import type { InFlightRequests } from './in-flight.js';
import { lambdaContext } from './lambda-context.js';

export interface RunningSchedules {
  intervals: { function: string; seconds: number }[];
  /**
   * One aggregation run now, through `until` (default: now), once the requests before it have
   * finished. It answers `skipped` at once if another run holds the lease: npm run aggregate waits.
   */
  aggregateNow(until?: Date, rebuild?: { workspaceId: string; contentId: string }): Promise<AggregationResult>;
  /** One delivery round now. */
  deliverNow(): Promise<unknown>;
  /** Stops the timers and waits (briefly) for runs in flight. */
  stop(): Promise<void>;
}

// The local stand-in for EventBridge schedules: each scheduled function runs every N seconds
// (its setting; 0 turns it off), never overlapping itself. The aggregation runs up to the local
// server's watermark, so an event still being written is never left behind.
export function startSchedules(options: {
  inFlight: InFlightRequests;
  env?: Record<string, string | undefined>;
  /** The aggregate function's timeout (default: the local context's 30 s). */
  aggregateTimeoutMs?: number;
}): RunningSchedules {
  const env = options.env ?? process.env;
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const intervals = schedules.map((schedule) => ({ function: schedule.function, seconds: intervalOf(schedule, env) }));
  const eventFor = (name: ScheduledFunctionName) =>
    name === 'aggregate' ? { ...SCHEDULED_INPUT, until: new Date(options.inFlight.watermark()).toISOString() } : SCHEDULED_INPUT;
  const invoke = async (name: ScheduledFunctionName, event: unknown) =>
    (await loadFunction(name))(event, lambdaContext(name, name === 'aggregate' ? options.aggregateTimeoutMs : undefined));
  const track = <T>(run: Promise<T>) => {
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run)).catch(() => undefined);
    return run;
  };

  for (const [index, schedule] of schedules.entries()) {
    const seconds = intervals[index]?.seconds ?? 0;
    if (seconds <= 0) continue;
    let running = false;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = true;
        void track(invoke(schedule.function, eventFor(schedule.function)))
          .catch((error: unknown) => logError(`Scheduled ${schedule.function} failed`, error))
          .finally(() => {
            running = false;
          });
      }, seconds * 1000),
    );
  }

  return {
    intervals,
    async aggregateNow(until = new Date(), rebuild) {
      await options.inFlight.settledThrough(until.getTime());
      return (await track(invoke('aggregate', { until: until.toISOString(), ...(rebuild ? { rebuild } : {}) }))) as AggregationResult;
    },
    deliverNow() {
      return track(invoke('deliver-webhooks', eventFor('deliver-webhooks')));
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}

function intervalOf(schedule: Schedule, env: Record<string, string | undefined>): number {
  const raw = env[schedule.intervalSetting];
  const seconds = raw === undefined || raw === '' ? schedule.defaultIntervalSeconds : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${schedule.intervalSetting} must be a number of seconds, got ${raw}`);
  return seconds;
}
