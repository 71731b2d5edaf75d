import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: CDK resolves function entries and the lock file from it, wherever it runs. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
