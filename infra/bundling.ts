import type { BuildOptions } from 'esbuild';
import type { FunctionName } from '../shared/topology.js';

// One definition of how a function is bundled, used by the CDK app's NodejsFunction and by
// `npm run build`, so the bundle the tests run and measure is the one `cdk deploy` ships.

/**
 * Lambda runs nodejs24.x; the same bundles also run here on Node 20 (bundle tests, bench:cold),
 * so esbuild lowers any newer syntax to the oldest of the two.
 */
export const BUNDLE_TARGET = 'node20';

// Bundled CommonJS dependencies call require() for Node built-ins, which an ES module lacks.
export const ESM_REQUIRE_BANNER = "import { createRequire as __rippleRequire } from 'node:module'; const require = __rippleRequire(import.meta.url);";

/** Prefer packages' ES module builds, so esbuild can drop what a function never imports. */
export const MAIN_FIELDS = ['module', 'main'];

export const entryOf = (name: FunctionName) => `functions/${name}/handler.ts`;

/** esbuild's options for `npm run build` (and bench:cold), the values NodejsFunction is given. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE_TARGET,
  minify: true,
  sourcemap: true,
  mainFields: MAIN_FIELDS,
  banner: { js: ESM_REQUIRE_BANNER },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The bundle file inside a function's asset (NodejsFunction names it index.mjs for ESM). */
export const BUNDLE_FILE = 'index.mjs';

/**
 * Budgets in bytes of minified code per bundle (a test holds every build to them): the issue's
 * 600 KB for the redirect, and the same for every function. The SDK is ~330 KB of it; classic
 * zod (+450 KB) or zod's whole locale set (+260 KB, see shared/domain/zod.ts) would not fit.
 */
export const BUNDLE_BUDGETS: Record<FunctionName, number> = {
  redirect: 600 * 1024,
  reshare: 600 * 1024,
  qr: 600 * 1024,
  api: 600 * 1024,
  aggregate: 600 * 1024,
  'deliver-webhooks': 600 * 1024,
  dashboard: 600 * 1024,
};
