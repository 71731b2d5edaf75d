import { defineConfig } from 'vitest/config';

// npm run test:dynamodb-local: one DynamoDB Local (about half dynalite's speed) serves every file.
const integrationTimeoutMs = process.env.RIPPLE_TEST_DYNAMODB_ENDPOINT ? 180_000 : 60_000;

export default defineConfig({
  test: {
    // The AWS SDK's notice that its 2027 releases need Node 22 (README, Notes) would repeat per file.
    // Powertools in dev mode logs through the global console (tests spy on it); EMF output is
    // checked on the built bundles (test/bundles), not printed by every unit test.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: ['test/unit/web/**'],
          // Pure and mocked tests share workers: a fresh process per file cost ~15 s of
          // startup for ~1 s of tests. Each file resets and restores its own mocks.
          isolate: false,
        },
      },
      {
        // The dashboard's components and state, in happy-dom (no browser): web/tsconfig.json's JSX.
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'web',
          include: ['test/unit/web/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Every answer a test gets from a local stack is checked against docs/openapi.json.
          setupFiles: ['test/support/openapi-setup.ts'],
          globalSetup: ['test/support/openapi-tally.ts'],
          // Each file starts its own local stack (a child process) on a fresh data folder.
          testTimeout: integrationTimeoutMs,
          hookTimeout: integrationTimeoutMs,
        },
      },
      {
        test: {
          name: 'browser',
          // Real Chromium (playwright-core) against a local stack, one stack and one browser per
          // file; files run one at a time so two Chromiums and two stacks never share 2 cores.
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // expect.poll waits for a page's state; under the whole suite's load that can take seconds.
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
      {
        test: {
          name: 'cloud',
          // The CDK app (synthesized with its real bundles) and the built bundles themselves.
          include: ['test/cloud/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
