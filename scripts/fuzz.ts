// npm run fuzz — the hostile-input fuzzer (test/integration/hostile-input.test.ts) at length: many
// more cases per route than npm test's 200, from a fresh seed, printed so a failure can be replayed.
// FUZZ_RUNS (cases per route, default 2,000) and FUZZ_SEED (default: drawn now) set both.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/repo-root.js';

const runs = process.env.FUZZ_RUNS || '2000';
const seed = process.env.FUZZ_SEED || String(randomInt(2 ** 31));
console.log(`Fuzzing every route with ${runs} hostile cases each, seed ${seed}`);
console.log(`  replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz\n`);

const vitest = spawnSync(
  process.execPath,
  [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'integration', 'test/integration/hostile-input.test.ts'],
  { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed } },
);
const outcome = vitest.status === 0 ? 'no answer broke the contract' : 'FAILED (replay with the line above)';
console.log(`\nseed ${seed}, ${runs} cases per route: ${outcome}`);
process.exit(vitest.status ?? 1);
