import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { routeKey, routes } from '../../shared/topology.js';

// The integration project's global setup: a folder where each test file leaves how many answers it
// checked against docs/openapi.json (openapi-setup.ts), summed and printed when the run ends.

declare module 'vitest' {
  export interface ProvidedContext {
    openApiTallyDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'ripple-openapi-tally-'));
  project.provide('openApiTallyDir', dir);
  return () => {
    const files = readdirSync(dir).map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { checked: number; byRoute: Record<string, number> });
    rmSync(dir, { recursive: true, force: true });
    const byRoute = new Map<string, number>();
    for (const file of files) for (const [key, count] of Object.entries(file.byRoute)) byRoute.set(key, (byRoute.get(key) ?? 0) + count);
    const checked = files.reduce((sum, file) => sum + file.checked, 0);
    const seen = new Set([...byRoute.keys()].map((key) => key.replace(/ \d{3}$/, '')));
    const unseen = routes.map(routeKey).filter((key) => !seen.has(key));
    console.log(
      `OpenAPI: ${checked} answers (and webhook events) from ${files.length} test files matched docs/openapi.json: ` +
        `${byRoute.size} route and status pairs, ${routes.length - unseen.length} of ${routes.length} routes` +
        // Named when few are missing (a run of some files misses most).
        (unseen.length > 0 && unseen.length <= 5 ? ` (not exercised: ${unseen.join(', ')})` : ''),
    );
  };
}
