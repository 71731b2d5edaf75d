// npm run build: every function's bundle into dist/<name>/index.mjs (+ source map), with the
// options the CDK app's NodejsFunction uses (infra/bundling.ts), a size line per bundle, and the
// share widget's gzipped size.
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BUNDLE_FILE, ESBUILD_OPTIONS, entryOf } from '../infra/bundling.js';
import { SHARE_WIDGET_FILE } from '../shared/dashboard/web-assets.js';
import { WEB_DIR_NAME, buildWeb } from '../infra/web-bundling.js';
import { type FunctionName, functionNames } from '../shared/topology.js';

export const DIST_DIR = 'dist';

export async function buildFunction(name: FunctionName, outDir = join(DIST_DIR, name)) {
  await build({ ...ESBUILD_OPTIONS, entryPoints: [entryOf(name)], outfile: join(outDir, BUNDLE_FILE) });
  // As the CDK app's bundling hook does: the dashboard's browser code beside its bundle.
  if (name === 'dashboard') await buildWeb(join(outDir, WEB_DIR_NAME));
  return (await stat(join(outDir, BUNDLE_FILE))).size;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await rm(DIST_DIR, { recursive: true, force: true });
  for (const name of functionNames) {
    const bytes = await buildFunction(name);
    console.log(`${join(DIST_DIR, name, BUNDLE_FILE).padEnd(34)} ${(bytes / 1024).toFixed(0).padStart(6)} KB`);
  }
  // The share widget campaigns embed has a budget of its own: 6 KB gzipped (test/unit/dashboard/web-assets.test.ts).
  const widget = join(DIST_DIR, 'dashboard', WEB_DIR_NAME, SHARE_WIDGET_FILE);
  const gzipBytes = gzipSync(await readFile(widget), { level: 9 }).length;
  console.log(`${widget.padEnd(34)} ${(gzipBytes / 1024).toFixed(1).padStart(6)} KB gzipped (budget 6 KB)`);
}
