import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRoute } from '../../infra/local/route-matcher.js';
import { loadFunction, loadHandler } from '../../infra/local/handlers.js';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import type { LocalDynamo } from '../../infra/local/dynamodb.js';
import { startSampleDynamo } from '../../infra/local/sample-stack.js';
import type { HttpEvent } from '../../shared/http/event.js';
import { SCHEDULED_INPUT, routeKey, routes, schedules } from '../../shared/topology.js';
import { REPO_ROOT } from '../support/local-stack.js';
import { expectedStatus } from '../support/sample-events.js';

const eventsDir = join(REPO_ROOT, 'events');
const scheduledEvents = new Set(['aggregate-scheduled.json', 'deliver-webhooks-scheduled.json']);
const events = readdirSync(eventsDir)
  .filter((file) => file.endsWith('.json') && !scheduledEvents.has(file))
  .map((file) => ({ file, event: JSON.parse(readFileSync(join(eventsDir, file), 'utf8')) as HttpEvent }));

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startSampleDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('events/', () => {
  it('holds a sample event for every route in the route table', () => {
    const covered = new Set(events.map(({ event }) => event.routeKey));
    for (const route of routes) expect(covered, routeKey(route)).toContain(routeKey(route));
  });

  it('holds events whose route key is the one the route table gives their path', () => {
    for (const { file, event } of events) {
      expect(matchRoute(event.requestContext.http.method, event.rawPath).routeKey, file).toBe(event.routeKey);
    }
  });

  it.each(events)('$file runs through its handler against the sample data', async ({ file, event }) => {
    const { functionName } = matchRoute(event.requestContext.http.method, event.rawPath);
    const handler = await loadHandler(functionName);

    const result = await handler(event, lambdaContext(functionName));

    expect(typeof result === 'object' && result.statusCode, file).toBe(expectedStatus[file]);
  });
});

describe('scheduled events', () => {
  it('runs the aggregation with its EventBridge event, aggregating the sample data', async () => {
    const event = JSON.parse(readFileSync(join(eventsDir, 'aggregate-scheduled.json'), 'utf8'));
    const handler = await loadFunction('aggregate');

    const result = await handler(event, lambdaContext('aggregate'));

    expect(result).toMatchObject({ status: 'done' });
  });

  it('runs a webhook delivery round with its EventBridge event', async () => {
    const event = JSON.parse(readFileSync(join(eventsDir, 'deliver-webhooks-scheduled.json'), 'utf8'));
    const handler = await loadFunction('deliver-webhooks');

    const result = await handler(event, lambdaContext('deliver-webhooks'));

    // The sample outbox event is due; its target (a closed loopback port) refuses it.
    expect(result).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
  });

  it('holds a scheduled event for every schedule: exactly what the cloud schedule hands its function', () => {
    for (const schedule of schedules) {
      expect(scheduledEvents.has(`${schedule.function}-scheduled.json`)).toBe(true);
      expect(JSON.parse(readFileSync(join(eventsDir, `${schedule.function}-scheduled.json`), 'utf8'))).toEqual(SCHEDULED_INPUT);
    }
  });
});

describe('npm run invoke', () => {
  it('runs a function with an event file and prints its result', () => {
    const run = spawnSync('npm', ['run', '-s', 'invoke', '--', 'redirect', 'events/redirect-get.json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });

    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.statusCode).toBe(302);
    expect(result.headers.location).toBe('https://shop.example.com/spring?utm_source=newsletter&ref=sampleLnk1#buy');
  });

  it('explains its usage when the function is unknown', () => {
    const run = spawnSync('npm', ['run', '-s', 'invoke', '--', 'nope', 'events/redirect-get.json'], { cwd: REPO_ROOT, encoding: 'utf8' });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run invoke');
  });
});
