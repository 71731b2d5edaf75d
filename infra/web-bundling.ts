import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { OPENAPI_FILE, SHARE_WIDGET_FILE } from '../shared/dashboard/web-assets.js';
import { REPO_ROOT } from './repo-root.js';

// The browser code under web/, built by the project's esbuild for the dashboard function to serve:
// the dashboard as content-hashed files (served `immutable`) plus a manifest naming the page's
// entry script and style sheet, lazily loaded views (the cascade tree) split into chunks of their
// own; and the share widget campaigns embed, one classic script under a fixed name (share.js).

/** Where the dashboard function finds the built files: beside its bundle in Lambda. */
export const WEB_DIR_NAME = 'web';
export const WEB_MANIFEST = 'manifest.json';
/** docs/metrics.md, served at /app/assets/metrics.md. */
export const METRICS_DOC = 'metrics.md';
/** docs/openapi.json (npm run openapi), served at /v1/openapi.json. */
const OPENAPI_DOC = 'docs/openapi.json';

export interface WebManifest {
  /** The dashboard's entry module and style sheet, relative to the assets folder. */
  dashboard: { script: string; style: string };
}

export const WEB_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  splitting: true,
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.svg': 'file' },
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

const ENTRIES = { dashboard: join(REPO_ROOT, 'web/dashboard/main.tsx') };

// One self-contained file for `<script src=… async>` on any page: an IIFE (a classic script, so
// document.currentScript tells it where Ripple is, and nothing leaks into the page's globals), no
// chunks, no hash in its name: campaign pages embed a fixed URL.
export const WIDGET_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: WEB_ESBUILD_OPTIONS.target,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

const WIDGET_ENTRY = join(REPO_ROOT, 'web/widget/main.ts');

export interface WebBuild {
  manifest: WebManifest;
  /** Every file written, with its size and gzipped size in bytes. */
  files: { path: string; bytes: number; gzipBytes: number }[];
  /** The scripts the page loads before it shows anything: the entry and what it imports statically. */
  firstPageScripts: string[];
}

/** Builds web/ into `outDir` (replacing it) and writes the manifest there. */
export async function buildWeb(outDir: string): Promise<WebBuild> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const [result, widget] = await Promise.all([
    build({ ...WEB_ESBUILD_OPTIONS, entryPoints: ENTRIES, outdir: outDir, metafile: true, write: true }),
    build({ ...WIDGET_ESBUILD_OPTIONS, entryPoints: [WIDGET_ENTRY], outfile: join(outDir, SHARE_WIDGET_FILE), metafile: true, write: true }),
  ]);
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, output]) => output.entryPoint?.endsWith('web/dashboard/main.tsx') && !output.entryPoint.endsWith('.css'));
  if (!entry) throw new Error('esbuild produced no dashboard entry');
  const [scriptPath, scriptOutput] = entry;
  const manifest: WebManifest = {
    dashboard: { script: basename(scriptPath), style: basename(scriptOutput.cssBundle ?? '') },
  };
  await writeFile(join(outDir, WEB_MANIFEST), JSON.stringify(manifest, null, 2));
  // A fixed name too (browsers ask for an icon by the page's link).
  await copyFile(join(REPO_ROOT, 'web/dashboard/favicon.svg'), join(outDir, 'favicon.svg'));
  // The metric definitions, so each tile can link to them on the stack itself (no other host).
  await copyFile(join(REPO_ROOT, 'docs/metrics.md'), join(outDir, METRICS_DOC));
  // The API's description as committed (its drift test keeps it what the schemas generate),
  // without the indentation kept for diffs.
  await writeFile(join(outDir, OPENAPI_FILE), JSON.stringify(JSON.parse(await readFile(join(REPO_ROOT, OPENAPI_DOC), 'utf8'))));
  const files = await Promise.all(
    [...outputs, ...Object.entries(widget.metafile.outputs)].map(async ([path]) => {
      const body = await readFile(path);
      return { path: relative(outDir, resolve(path)), bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    }),
  );
  return { manifest, files, firstPageScripts: staticClosure(result.metafile.outputs, scriptPath).map((path) => relative(outDir, resolve(path))) };
}

// The entry and every chunk reachable from it by static imports (dynamic ones load later).
function staticClosure(outputs: Metafile['outputs'], entry: string): string[] {
  const seen = new Set([entry]);
  for (const path of seen) {
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) seen.add(imported.path);
  }
  return [...seen];
}
