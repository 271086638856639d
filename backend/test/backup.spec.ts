import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup, restore } from '../src/backup/backup.js';
import { replaySeason } from '../src/simulator/replay.js';
import { reportFigures } from './support/faults.js';
import { createTestDatabase, movement, queryDatabase, TestApp } from './support/test-app.js';

/** One md5 per table over its rows in a fixed order: equal checksums, equal contents. */
async function checksums(url: string): Promise<Record<string, string>> {
  const tables = await queryDatabase<{ name: string }>(url, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`);
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryDatabase<{ sum: string }>(url, `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM "${name}" t`);
    sums[name] = row.sum;
  }
  return sums;
}

describe('backup and restore (the run\'s PostgreSQL, a replayed season, writes going on)', () => {
  let dir: string;
  let source: TestApp;
  let targetUrl: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marhaba-backup-'));
    source = await TestApp.start(undefined, { RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
    await replaySeason({ url: source.baseUrl, year: 2024, seed: 'backup', speed: null, scale: 0.002, duplicateRate: 0, concurrency: 4, lifecycle: 'full', password: 'marhaba', log: () => undefined });
    targetUrl = await createTestDatabase({ empty: true });
  }, 300_000);
  afterAll(async () => {
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should dump while writes go on, lose no write acknowledged before the dump, and restore identical statistics', async () => {
    const token = await source.login('coordinator');
    const acked: { ids: string[]; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const batch = Array.from({ length: 20 }, () => movement({ siteId: 'tanger-med', people: 3, vehicles: 1 }));
        const res = await source.request('POST', '/api/movements', { token, body: { movements: batch } });
        if (res.status === 200) acked.push({ ids: batch.map((m) => m.id), at: Date.now() });
      }
    })();
    while (acked.length < 5) await new Promise((r) => setImmediate(r));
    const file = join(dir, 'live.backup');
    const dumpStarted = Date.now();
    const dumped = await backup(source.databaseUrl, file);
    const dumpMs = Date.now() - dumpStarted;
    const afterDump = acked.length;
    while (acked.length < afterDump + 5) await new Promise((r) => setImmediate(r));
    writing = false;
    await writer;

    await restore(targetUrl, file, { force: false });
    const before = acked.filter((b) => b.at < dumpStarted).flatMap((b) => b.ids);
    const [{ found }] = await queryDatabase<{ found: number }>(targetUrl, 'SELECT count(*)::int AS found FROM movements WHERE id = ANY($1::uuid[])', [before]);
    // One snapshot: the rollups of the restored database add up to its raw movements.
    const [sums] = await queryDatabase<{ raw: string; days: string }>(targetUrl, 'SELECT (SELECT sum(people) FROM movements)::text AS raw, (SELECT sum(people) FROM traffic_days)::text AS days');
    expect(found).toBe(before.length);
    expect(sums.days).toBe(sums.raw);
    await expect(restore(targetUrl, file, { force: false })).rejects.toThrow(/not empty/);

    // Quiet now: a second dump restored over the first (--force) is the source, table by table.
    const quiet = join(dir, 'quiet.backup');
    await backup(source.databaseUrl, quiet);
    await restore(targetUrl, quiet, { force: true });
    const [sourceSums, targetSums] = await Promise.all([checksums(source.databaseUrl), checksums(targetUrl)]);
    expect(targetSums).toEqual(sourceSums);
    const restored = await TestApp.start(targetUrl);
    try {
      const supervisor = { source: await source.login('supervisor'), target: await restored.login('supervisor') };
      const [a, b] = await Promise.all([
        source.request('GET', '/api/stats/season/2024', { token: supervisor.source }),
        restored.request('GET', '/api/stats/season/2024', { token: supervisor.target }),
      ]);
      expect(a.status).toBe(200);
      expect(b.body).toEqual(a.body);
      // The restored database takes new writes (its sequences are past the restored rows).
      expect((await restored.request('POST', '/api/movements', { token: await restored.login('coordinator'), body: { movements: [movement({ siteId: 'nador' })] } })).status).toBe(200);
    } finally {
      await restored.close();
    }
    reportFigures('backup', {
      rowsDumped: Object.values(dumped).reduce((x, y) => x + y, 0),
      dumpMs,
      writesAckedBeforeDump: before.length,
      missingAfterRestore: before.length - found,
      tablesIdentical: Object.keys(sourceSums).length,
      restoreChecksum: Object.values(sourceSums).join('').slice(0, 12),
    });
  }, 300_000);
});
