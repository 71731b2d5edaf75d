import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/local-stack.js';

// Runs scripts/ensure-installed.mjs in a scratch package whose "npm" only records its arguments.
function ensureInstalled(arrange: (root: string) => void) {
  const root = mkdtempSync(join(tmpdir(), 'ripple-install-'));
  const calls = join(root, 'npm-calls.txt');
  const fakeNpm = join(root, 'fake-npm.cjs');
  writeFileSync(fakeNpm, `require('fs').appendFileSync(${JSON.stringify(calls)}, process.argv.slice(2).join(' ') + '\\n');`);
  writeFileSync(join(root, 'package-lock.json'), '{}');
  arrange(root);
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/ensure-installed.mjs')], {
    cwd: root,
    env: { ...process.env, npm_execpath: fakeNpm },
    encoding: 'utf8',
  });
  return { status: run.status, npmCalls: existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [] };
}

function installAt(root: string, seconds: number) {
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'node_modules/.package-lock.json'), '{}');
  utimesSync(join(root, 'node_modules/.package-lock.json'), seconds, seconds);
}

it('runs npm ci when nothing is installed', () => {
  expect(ensureInstalled(() => undefined)).toEqual({ status: 0, npmCalls: ['ci --no-audit --no-fund'] });
});

it('runs npm ci when package-lock.json is newer than the install', () => {
  const result = ensureInstalled((root) => {
    installAt(root, 1_000);
    utimesSync(join(root, 'package-lock.json'), 2_000, 2_000);
  });
  expect(result).toEqual({ status: 0, npmCalls: ['ci --no-audit --no-fund'] });
});

it('installs nothing when the install is as new as package-lock.json', () => {
  const result = ensureInstalled((root) => {
    utimesSync(join(root, 'package-lock.json'), 1_000, 1_000);
    installAt(root, 2_000);
  });
  expect(result).toEqual({ status: 0, npmCalls: [] });
});
