import { logError } from '../../shared/log.js';
import { type Schedule, schedules } from '../../shared/routes.js';
import { loadFunction } from './handlers.js';
import { lambdaContext } from './lambda-context.js';

export interface RunningSchedules {
  intervals: { function: string; seconds: number }[];
  /** Stops the timers and waits (briefly) for runs in flight. */
  stop(): Promise<void>;
}

// The local stand-in for EventBridge schedules: each scheduled function runs every N seconds
// (its setting; 0 turns it off), never overlapping itself. Runs are crash-safe, so stopping
// mid-run loses nothing.
export function startSchedules(env: Record<string, string | undefined> = process.env): RunningSchedules {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<void>>();
  const intervals = schedules.map((schedule) => ({ function: schedule.function, seconds: intervalOf(schedule, env) }));

  for (const [index, schedule] of schedules.entries()) {
    const seconds = intervals[index]?.seconds ?? 0;
    if (seconds <= 0) continue;
    let running: Promise<void> | null = null;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = runOnce(schedule).finally(() => {
          if (running) inFlight.delete(running);
          running = null;
        });
        inFlight.add(running);
      }, seconds * 1000),
    );
  }

  return {
    intervals,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}

async function runOnce(schedule: Schedule) {
  try {
    const handler = await loadFunction(schedule.function);
    await handler({ 'detail-type': 'Scheduled Event', source: 'ripple.local', time: new Date().toISOString() }, lambdaContext(schedule.function));
  } catch (error) {
    logError(`Scheduled ${schedule.function} failed`, error);
  }
}

function intervalOf(schedule: Schedule, env: Record<string, string | undefined>): number {
  const raw = env[schedule.intervalSetting];
  const seconds = raw === undefined || raw === '' ? schedule.defaultIntervalSeconds : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${schedule.intervalSetting} must be a number of seconds, got ${raw}`);
  return seconds;
}
