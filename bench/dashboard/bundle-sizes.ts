import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_MANIFEST, type WebManifest } from '../../infra/web-bundling.js';
import { SHARE_WIDGET_FILE } from '../../shared/dashboard/web-assets.js';

// The dashboard's built files (buildWeb, infra/web-bundling.ts: what the stack serves and the CDK
// app deploys) and what a browser must fetch for the first page: the entry script and every chunk
// it imports statically, transitively. Chunks reached only through import() load later, when a
// view needs them. The share widget (share.js) sits in the same folder but is no part of the
// dashboard: campaign pages load it, on its own.

export interface BuiltFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  /** The dashboard's files (not the widget). */
  files: BuiltFile[];
  entry: string;
  /** The entry and its static imports. */
  firstPage: BuiltFile[];
  /** Each chunk outside the first page, with what it holds when recognised. */
  lazy: (BuiltFile & { view: string | null })[];
  /** The share widget campaigns embed, or null in a build without it. */
  widget: BuiltFile | null;
}

const IMPORTED = /(import\(\s*)?["']\.\/([\w.-]+\.js)["']/g;

const staticImportsOf = (source: string) => [...source.matchAll(IMPORTED)].filter((match) => !match[1]).map((match) => match[2] as string);

/** Sizes of a folder buildWeb wrote (gzip level 9, as buildWeb reports them). */
export async function bundleSizes(dir: string): Promise<BundleSizes> {
  const manifest = JSON.parse(await readFile(join(dir, WEB_MANIFEST), 'utf8')) as WebManifest;
  const names = (await readdir(dir)).filter((name) => /\.(js|css)$/.test(name));
  const sources = new Map<string, string>();
  const files: BuiltFile[] = [];
  let widget: BuiltFile | null = null;
  for (const name of names) {
    const body = await readFile(join(dir, name));
    const file = { path: name, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    if (name === SHARE_WIDGET_FILE) {
      widget = file;
      continue;
    }
    if (name.endsWith('.js')) sources.set(name, body.toString('utf8'));
    files.push(file);
  }
  const first = new Set<string>();
  const visit = (name: string) => {
    if (first.has(name) || !sources.has(name)) return;
    first.add(name);
    for (const next of staticImportsOf(sources.get(name) ?? '')) visit(next);
  };
  visit(manifest.dashboard.script);
  const byPath = new Map(files.map((file) => [file.path, file]));
  const lazy = [...sources.keys()]
    .filter((name) => !first.has(name))
    .map((name) => ({ ...(byPath.get(name) as BuiltFile), view: viewOf(sources.get(name) ?? '') }));
  return {
    files,
    entry: manifest.dashboard.script,
    firstPage: [...first].map((name) => byPath.get(name) as BuiltFile),
    lazy,
    widget,
  };
}

function viewOf(source: string): string | null {
  if (source.includes('cascade-canvas')) return 'the cascade tree';
  if (source.includes('uplot')) return 'the time chart (uPlot)';
  if (source.includes('api-reference')) return 'the API reference';
  return null;
}

export const sum = (files: readonly BuiltFile[], key: 'bytes' | 'gzipBytes') => files.reduce((total, file) => total + file[key], 0);
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
