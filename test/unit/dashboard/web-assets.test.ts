import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/repo-root.js';
import { buildWeb, type WebBuild } from '../../../infra/web-bundling.js';
import { OPENAPI_FILE, SHARE_WIDGET_FILE, folderAssets } from '../../../shared/dashboard/web-assets.js';

let folder: string;
let built: WebBuild;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'ripple-web-assets-'));
  built = await buildWeb(folder);
});

describe('the built dashboard, as the dashboard function reads it', () => {
  it('names its entry script and style sheet, content-hashed', () => {
    const assets = folderAssets(folder);
    expect(assets.manifest()).toEqual(built.manifest.dashboard);
    expect(assets.manifest().script).toMatch(/^dashboard-[A-Z0-9]{8}\.js$/);
    expect(assets.manifest().style).toMatch(/^dashboard-[A-Z0-9]{8}\.css$/);
  });

  it('serves each built file with its type, a gzipped copy, and whether it may be cached forever', () => {
    const assets = folderAssets(folder);
    const script = assets.file(assets.manifest().script);
    expect(script?.contentType).toBe('text/javascript; charset=utf-8');
    expect(script?.cacheControl).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(script?.gzipped ?? Buffer.alloc(0))).toEqual(script?.body);
    expect(assets.file('favicon.svg')).toMatchObject({ contentType: 'image/svg+xml', cacheControl: 'public, max-age=3600' });
  });

  it('serves docs/metrics.md as text, for the tiles to link to', () => {
    const doc = folderAssets(folder).file('metrics.md');
    expect(doc?.contentType).toBe('text/plain; charset=utf-8');
    expect(doc?.body.toString('utf8')).toBe(readFileSync(join(REPO_ROOT, 'docs/metrics.md'), 'utf8'));
  });

  it('serves docs/openapi.json as JSON, for five minutes in caches', () => {
    const doc = folderAssets(folder).file(OPENAPI_FILE);
    expect(doc).toMatchObject({ contentType: 'application/json; charset=utf-8', cacheControl: 'public, max-age=300' });
    expect(JSON.parse(doc?.body.toString('utf8') ?? '')).toEqual(JSON.parse(readFileSync(join(REPO_ROOT, 'docs/openapi.json'), 'utf8')));
  });

  it('reads nothing outside its folder, nor files it does not serve', () => {
    const assets = folderAssets(folder);
    expect(assets.file('../package.json')).toBeUndefined();
    expect(assets.file('manifest.json')).toBeUndefined();
    expect(assets.file('missing-ABCDEFGH.js')).toBeUndefined();
  });

  it('keeps the first page within its 60 KB gzipped budget of JavaScript', () => {
    const entry = built.files.find((file) => file.path === built.manifest.dashboard.script);
    expect(entry).toBeDefined();
    const firstPage = built.files.filter((file) => file.path.endsWith('.js') && built.firstPageScripts.includes(file.path));
    expect(firstPage.reduce((sum, file) => sum + file.gzipBytes, 0)).toBeLessThanOrEqual(60 * 1024);
  });
});

describe('the built share widget', () => {
  const widget = () => readFileSync(join(folder, SHARE_WIDGET_FILE), 'utf8');

  it('is one classic script under the fixed name campaigns embed, cached for five minutes', () => {
    const asset = folderAssets(folder).file(SHARE_WIDGET_FILE);
    expect(asset).toMatchObject({ contentType: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=300' });
    // A classic script (document.currentScript is set only for those): no module syntax, no chunks.
    expect(widget()).not.toMatch(/^\s*(import|export)\b|\bimport\(/m);
    expect(built.files.filter((file) => file.path.endsWith('.js') && !file.path.includes('-')).map((file) => file.path)).toEqual([SHARE_WIDGET_FILE]);
    expect(built.manifest.dashboard.script).not.toBe(SHARE_WIDGET_FILE);
  });

  it('stays within its 6 KB gzipped budget', () => {
    const entry = built.files.find((file) => file.path === SHARE_WIDGET_FILE);
    expect(entry?.gzipBytes).toBeGreaterThan(0);
    expect(entry?.gzipBytes).toBeLessThanOrEqual(6 * 1024);
  });

  it('names no host but the share pages a visitor asks to open, and sets no cookie', () => {
    const hosts = new Set([...widget().matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((match) => match[1]));
    expect([...hosts].sort()).toEqual(['t.me', 'twitter.com', 'wa.me', 'www.facebook.com', 'www.linkedin.com']);
    expect(widget()).not.toContain('document.cookie');
    expect(widget()).not.toMatch(/preact/i);
  });
});
