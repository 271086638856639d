// Benchmark 1: movements per second through POST /api/movements (batches of 500, validated,
// idempotent, rollups in the same transaction) vs a raw INSERT … SELECT unnest(…) of the same rows
// into the same `movements` table (same keys, indexes and parent-checking triggers), and into an
// unconstrained copy of it (LIKE … INCLUDING ALL: keys and indexes, no triggers): the target's baseline.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDatabase, login, median, round, startBackend } from './lib.mjs';

const BATCH = 500;
const CONCURRENCY = 4;
const SECONDS = 8;
const ROUNDS = 3;
const SITES = ['tanger-med', 'tanger-ville', 'nador', 'al-hoceima', 'bab-sebta', 'bab-mellilia', 'mediterranee', 'algeciras', 'almeria', 'motril'];

/** A tablet's outbox flushed at once: one site, counts spread over the last hour. */
function batch(siteId) {
  const at = new Date(Date.now() - Math.floor(Math.random() * 3_600_000)).toISOString();
  return Array.from({ length: BATCH }, (_, i) => ({
    id: randomUUID(),
    siteId,
    direction: i % 3 ? 'arrival' : 'departure',
    mode: 'car',
    people: 1 + (i % 5),
    vehicles: 1,
    occurredAt: at,
  }));
}

/** Runs `send` from CONCURRENCY clients (tablets of different sites) for SECONDS; returns rows per second. */
async function measure(send) {
  let rows = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, client) => {
      while (performance.now() < deadline) {
        const stored = await send(batch(SITES[client % SITES.length])); // not `rows += await …`: that reads `rows` before the await
        rows += stored;
      }
    }),
  );
  return rows / ((performance.now() - started) / 1000);
}

export async function ingestBenchmark(db) {
  const url = await createDatabase(db.url);
  const server = await startBackend({ DATABASE_URL: url });
  const token = await login(server.baseUrl, 'coordinator');
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  await pool.query('CREATE TABLE unconstrained_movements (LIKE movements INCLUDING ALL)');
  const [{ id: userId }] = (await pool.query("SELECT id FROM users WHERE username = 'coordinator'")).rows;

  const api = async (movements) => {
    const res = await fetch(`${server.baseUrl}/api/movements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ movements }),
    });
    if (res.status !== 200) throw new Error(`POST /api/movements: ${res.status} ${await res.text()}`);
    return (await res.json()).accepted;
  };
  const rawInto = (table) => async (movements) => {
    const col = (key) => movements.map((m) => m[key]);
    await pool.query(
      `INSERT INTO ${table} (id, site_id, direction, mode, people, vehicles, occurred_at, recorded_by)
       SELECT id, site_id, direction, mode, people, vehicles, occurred_at, $8
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::timestamptz[])
           AS t(id, site_id, direction, mode, people, vehicles, occurred_at)`,
      [col('id'), col('siteId'), col('direction'), col('mode'), col('people'), col('vehicles'), col('occurredAt'), userId],
    );
    return movements.length;
  };

  const rates = { api: [], raw: [], unconstrained: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.api.push(await measure(api));
    rates.raw.push(await measure(rawInto('movements')));
    rates.unconstrained.push(await measure(rawInto('unconstrained_movements')));
  }
  await pool.end();
  await server.stop();
  const [apiMedian, rawMedian, unconstrainedMedian] = [median(rates.api), median(rates.raw), median(rates.unconstrained)];
  return {
    name: 'ingest',
    setup: `${ROUNDS} rounds of ${SECONDS} s, ${CONCURRENCY} concurrent clients (each a tablet of its own site), batches of ${BATCH}`,
    apiMovementsPerSecond: Math.round(apiMedian),
    rawInsertRowsPerSecond: Math.round(rawMedian),
    ratio: round(apiMedian / rawMedian, 2),
    target: '≥ 0.5× raw into the unconstrained copy',
    unconstrainedInsertRowsPerSecond: Math.round(unconstrainedMedian),
    ratioVsUnconstrained: round(apiMedian / unconstrainedMedian, 2),
    rounds: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.map(Math.round)])),
  };
}
