// Runs before `npm start` and `npm test` (prestart, pretest), so a fresh clone needs no separate
// install step: `npm ci` when node_modules is missing or older than package-lock.json, else
// nothing. Plain Node with no dependencies, since it runs before any are installed.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd(); // npm runs scripts from the package's root
const modifiedAt = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

// npm writes node_modules/.package-lock.json at the end of every install: its age is the install's.
const installedAt = modifiedAt(join(root, 'node_modules', '.package-lock.json'));
const lockedAt = modifiedAt(join(root, 'package-lock.json'));
if (installedAt !== undefined && (lockedAt === undefined || installedAt >= lockedAt)) process.exit(0);

console.error(
  installedAt === undefined
    ? 'Nothing installed yet: npm ci --no-audit --no-fund'
    : 'package-lock.json is newer than node_modules: npm ci --no-audit --no-fund',
);
const args = ['ci', '--no-audit', '--no-fund'];
// Under npm, npm_execpath is the npm that is running us: use the same one.
const npm = process.env.npm_execpath
  ? spawnSync(process.execPath, [process.env.npm_execpath, ...args], { stdio: 'inherit' })
  : spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(npm.status ?? 1);
