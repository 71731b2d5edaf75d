import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The dashboard's built files and the share widget (infra/web-bundling.ts), read from their folder
// once per process and kept in memory with a gzipped copy: they are small, and never change under
// a running function (a new build is a new deployment).

export interface WebAsset {
  body: Buffer;
  gzipped: Buffer;
  contentType: string;
  /** How long browsers and CDNs may keep it: forever when named by its content's hash. */
  cacheControl: string;
}

/** The share button campaigns embed (web/widget): a fixed name, since their pages name it. */
export const SHARE_WIDGET_FILE = 'share.js';

/** The API's description (docs/openapi.json), served at GET /v1/openapi.json. */
export const OPENAPI_FILE = 'openapi.json';

export interface WebAssets {
  /** The page's entry script and style sheet, as file names in the assets folder. */
  manifest(): { script: string; style: string };
  /** A built file by its name, or undefined (no paths outside the folder: names only). */
  file(name: string): WebAsset | undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json; charset=utf-8',
  // The metric definitions the tiles link to, shown as the text they are.
  md: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

// esbuild's names: [name]-[hash].ext or chunk-[hash].ext, letters, digits, '-', '_' and one dot.
const ASSET_NAME = /^[A-Za-z0-9_-]+\.(js|css|svg|map|md)$/;
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z]+$/;

// A new share.js reaches every campaign page, and a new API description its readers, within five
// minutes; the other unhashed files (the favicon, metrics.md) may wait an hour.
function cacheControlOf(name: string): string {
  if (HASHED_NAME.test(name)) return 'public, max-age=31536000, immutable';
  return name === SHARE_WIDGET_FILE || name === OPENAPI_FILE ? 'public, max-age=300' : 'public, max-age=3600';
}

export function folderAssets(folder: string): WebAssets {
  const cache = new Map<string, WebAsset | undefined>();
  let manifest: { script: string; style: string } | undefined;
  return {
    manifest: () =>
      (manifest ??= (JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { dashboard: { script: string; style: string } }).dashboard),
    file(name) {
      // Of the JSON files beside the build, only the API's description (never the manifest).
      const type = name === OPENAPI_FILE ? 'json' : ASSET_NAME.exec(name)?.[1];
      if (type === undefined) return undefined;
      if (!cache.has(name)) cache.set(name, readAsset(folder, name, CONTENT_TYPES[type] ?? 'application/octet-stream'));
      return cache.get(name);
    },
  };
}

function readAsset(folder: string, name: string, contentType: string): WebAsset | undefined {
  try {
    const body = readFileSync(join(folder, name));
    return { body, gzipped: gzipSync(body, { level: 9 }), contentType, cacheControl: cacheControlOf(name) };
  } catch {
    return undefined;
  }
}
