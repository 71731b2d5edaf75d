import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type WebBuild } from '../../../infra/web-bundling.js';
import { folderAssets } from '../../../shared/dashboard/web-assets.js';

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
    expect(script?.hashed).toBe(true);
    expect(gunzipSync(script?.gzipped ?? Buffer.alloc(0))).toEqual(script?.body);
    expect(assets.file('favicon.svg')).toMatchObject({ contentType: 'image/svg+xml', hashed: false });
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
