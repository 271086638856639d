import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { TestApp } from './support/test-app.js';

const INDEX = '<!doctype html><title>console</title><div id="app"></div>';

describe('the built console served at / beside the API', () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marhaba-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    app = await TestApp.start(undefined, { STATIC_DIR: dir });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, accept = 'text/html') => fetch(`${app.baseUrl}${path}`, { headers: { accept } });

  it('should serve index.html at / and for client-side routes, never cached', async () => {
    for (const path of ['/', '/login', '/sites/nador']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('should serve hashed assets with a long cache, and 404 a missing file', async () => {
    const asset = await get('/assets/app-1a2b3c.js', '*/*');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/gone-000000.js', '*/*')).status).toBe(404);
  });

  it('should never shadow the API, its docs or the socket.io endpoint', async () => {
    const unknown = await get('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404 });
    expect((await get('/api/live/snapshot')).status).toBe(401);
    expect(await (await get('/api/docs')).text()).toContain('swagger');
    const socket = await get('/socket.io/?EIO=4&transport=polling', '*/*');
    expect(await socket.text()).toContain('"sid"');
    expect((await fetch(`${app.baseUrl}/sites/nador`, { method: 'POST' })).status).toBe(404);
  });

  it('should refuse a TILE_URL that is not a tile template, naming the variable', () => {
    expect(() => loadConfig({ TILE_URL: 'https://tiles.example.org/map.png' })).toThrow(/TILE_URL: must contain \{z\}, \{x\} and \{y\}/);
    expect(() => loadConfig({ TILE_URL: 'ftp://tiles/{z}/{x}/{y}' })).toThrow(/TILE_URL/);
  });
});
