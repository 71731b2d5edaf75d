import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

// The real-browser tests drive Debian's Chromium through playwright-core (no browser download at
// install: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1). Locally a machine without it skips them with a
// message saying how to install it; in CI (CI or RIPPLE_REQUIRE_BROWSER=1) a missing one fails.

export const INSTALL_HINT = 'Install it with `sudo apt-get install -y chromium` (or set RIPPLE_CHROMIUM to a Chromium binary).';

// Flags for a headless run in a container: no sandbox (no user namespaces as root), no GPU, and
// nothing that would make the browser call a host of its own (background networking, component
// updates, sync).
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium to drive: RIPPLE_CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH; null if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.RIPPLE_CHROMIUM) return isExecutable(env.RIPPLE_CHROMIUM) ? env.RIPPLE_CHROMIUM : null;
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'));
  return onPath.find(isExecutable) ?? null;
}

/** CI must run the browser tests; a developer's machine may skip them. */
export const browserRequired = (env: NodeJS.ProcessEnv = process.env) => !['', '0', 'false', undefined].includes(env.CI) || env.RIPPLE_REQUIRE_BROWSER === '1';

export const CHROMIUM_PATH = findChromium();
export const chromiumAvailable = CHROMIUM_PATH !== null;

/** Why the browser tests cannot run here: said once per process. */
export function missingChromiumMessage(env: NodeJS.ProcessEnv = process.env): string {
  const where = env.RIPPLE_CHROMIUM
    ? `RIPPLE_CHROMIUM (${env.RIPPLE_CHROMIUM}) is not an executable file`
    : 'No Chromium found (/usr/bin/chromium, or chromium on PATH)';
  return `${where}: the real-browser tests ${browserRequired(env) ? 'cannot run, and CI requires them' : 'are skipped'}. ${INSTALL_HINT}`;
}

let warned = false;
/** Prints the missing-browser message, once. */
export function warnMissingChromium(): void {
  if (warned || chromiumAvailable) return;
  warned = true;
  console.warn(missingChromiumMessage());
}

export async function launchChromium(): Promise<Browser> {
  if (CHROMIUM_PATH === null) throw new Error(missingChromiumMessage());
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
