// Benchmark 4: the forecasts (issue 12). A rolling-origin backtest of the model (the production worker,
// `backend/dist/modules/forecast/forecast.worker.js`) on hourly series generated in-process from the season
// model (2024, and 2024 with another seed; their previous edition 2023 with the same seed for the third
// baseline), then GET /api/forecast latency and the live path's event-loop p99 with and without refits, on
// the built server. BENCH_FORECAST_SITES=all backtests every site (about 4 times longer).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { Piscina } from 'piscina';
import { createDatabase, login, metrics, percentile, pinSelf, root, round, sleep, startBackend, LOAD_CORE } from './lib.mjs';

const dist = (path) => import(join(root, 'backend', 'dist', path));
const HOUR_MS = 3_600_000;
const HORIZONS = [1, 3, 6, 12];
const ORIGIN_EVERY_HOURS = 6;
const BACKTEST_DAYS = 40;
/** What a refit reads (MAX_HISTORY_HOURS of the forecast model). */
const HISTORY_HOURS = 28 * 24;
/** Both editions run 5 June to 15 September (backend/data/editions.json). */
const SEASON_DAYS = 103;
/** Sites of every kind and size: the largest port, a land border, a smaller port, two airports, a rest area and a port abroad. */
const DEFAULT_SITES = ['tanger-med', 'bab-sebta', 'nador', 'casablanca-mohammed-v', 'oujda-angad', 'mediterranee', 'algeciras'];
/** MAPE over hours with at least this many people: at a handful of people a percentage says nothing. */
const MAPE_FLOOR = 20;
const LATENCY_REQUESTS = 200;
const LOAD_SECONDS = 15;
const LOAD_ROUNDS = 2;

/**
 * The queue estimate of the holding areas (`lastHourWaitMinutes`, what the snapshot shows) against the wait the
 * assistants report, on the season model's days: at each report, the vehicles waiting and the departure vehicles
 * counted at the site since the live "last hour" began. Baseline: the site's previous report carried forward.
 */
function waitBacktest(shared) {
  const errors = { predicted: [], persistence: [] };
  const previous = new Map();
  let reports = 0;
  let noThroughput = 0;
  return {
    add(plan) {
      const departures = new Map();
      for (const { at, movement } of plan.movements) {
        if (movement.direction !== 'departure' || movement.vehicles === 0) continue;
        if (!departures.has(movement.siteId)) departures.set(movement.siteId, []);
        departures.get(movement.siteId).push({ at, vehicles: movement.vehicles });
      }
      for (const { at, siteId, report } of plan.holding) {
        if (report.estimatedWaitMinutes === undefined) continue;
        reports++;
        const since = shared.lastHourStart(new Date(at)).getTime();
        const through = (departures.get(siteId) ?? []).reduce((sum, d) => (d.at >= since && d.at <= at ? sum + d.vehicles : sum), 0);
        const predicted = shared.lastHourWaitMinutes(report.vehiclesWaiting, through, new Date(at));
        if (predicted === null) noThroughput++;
        else errors.predicted.push(Math.abs(predicted - report.estimatedWaitMinutes));
        if (previous.has(siteId)) errors.persistence.push(Math.abs(previous.get(siteId) - report.estimatedWaitMinutes));
        previous.set(siteId, report.estimatedWaitMinutes);
      }
    },
    result() {
      const mean = (xs) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), 1);
      return {
        reports,
        noThroughput,
        maeMinutes: { predicted: mean(errors.predicted), persistence: mean(errors.persistence) },
        medianAbsErrorMinutes: { predicted: round(percentile(errors.predicted, 50), 1), persistence: round(percentile(errors.persistence, 50), 1) },
      };
    },
  };
}

/** People per site, direction and hour from the season's start, as the season model plans them (days before `fromDay` left at zero: not used). */
function hourlySeries(model, operationDayStart, fromDay, waits = null, waitsFromDay = Infinity) {
  const start = operationDayStart(model.days[0]).getTime();
  const hours = Math.round((operationDayStart(model.days[model.days.length - 1]).getTime() + 25 * HOUR_MS - start) / HOUR_MS);
  const series = new Map();
  const get = (siteId, direction) => {
    const key = `${siteId}|${direction}`;
    if (!series.has(key)) series.set(key, new Float64Array(hours));
    return series.get(key);
  };
  for (let i = fromDay; i < model.days.length; i++) {
    const plan = model.planDay(i);
    for (const { at, movement } of plan.movements) get(movement.siteId, movement.direction)[Math.floor((at - start) / HOUR_MS)] += movement.people;
    if (waits && i >= waitsFromDay) waits.add(plan);
  }
  return { start, hours, get };
}

function emptyTally() {
  return Object.fromEntries(HORIZONS.map((h) => [h, { n: 0, model: 0, weekly: 0, daily: 0, previous: 0, previousN: 0, modelOnPrevious: 0, covered: 0, ape: { model: [], weekly: [], daily: [], previous: [] } }]));
}

async function backtestSeason(label, current, previous, siteIds, pool) {
  const perSite = {};
  const overall = emptyTally();
  const fitMs = {};
  for (const siteId of siteIds) {
    fitMs[siteId] = [];
    const site = emptyTally();
    const firstOrigin = current.hours - BACKTEST_DAYS * 24 - 12;
    const series = {};
    for (const direction of ['arrival', 'departure']) {
      const y = current.get(siteId, direction);
      // MASE scale: the in-sample error of "same hour the day before" over the 28 days before the first origin.
      let scale = 0;
      for (let t = firstOrigin - HISTORY_HOURS; t < firstOrigin; t++) scale += Math.abs(y[t] - y[t - 24]);
      series[direction] = { y, prev: previous.get(siteId, direction), scale: scale / HISTORY_HOURS };
    }
    const origins = [];
    for (let o = firstOrigin; o + 12 <= current.hours; o += ORIGIN_EVERY_HOURS) origins.push(o);
    const window = (y, o) => Array.from(y.subarray(o - HISTORY_HOURS, o));
    // One task per origin fits both directions of the site, as a refit does.
    const fits = await Promise.all(origins.map((o) => pool.run({ kind: 'fit', arrivals: window(series.arrival.y, o), departures: window(series.departure.y, o), horizon: 12 })));
    fits.forEach((fit, k) => {
      const o = origins[k];
      fitMs[siteId].push(fit.fitMs);
      for (const direction of ['arrival', 'departure']) {
        const { y, prev, scale } = series[direction];
        if (scale === 0) continue; // no traffic in that direction there (nothing to scale by)
        const figures = direction === 'arrival' ? fit.arrivals : fit.departures;
        for (const h of HORIZONS) {
          const t = o + h - 1;
          const actual = y[t];
          const f = figures[h - 1];
          const e = { model: Math.abs(actual - f.expected) / scale, weekly: Math.abs(actual - y[t - 168]) / scale, daily: Math.abs(actual - y[t - 24]) / scale };
          for (const tally of [site[h], overall[h]]) {
            tally.n++;
            tally.model += e.model;
            tally.weekly += e.weekly;
            tally.daily += e.daily;
            if (f.low <= actual && actual <= f.high) tally.covered++;
            if (t < prev.length) {
              tally.previousN++;
              tally.previous += Math.abs(actual - prev[t]) / scale;
              tally.modelOnPrevious += e.model;
            }
            if (actual >= MAPE_FLOOR) {
              tally.ape.model.push(Math.abs(actual - f.expected) / actual);
              tally.ape.weekly.push(Math.abs(actual - y[t - 168]) / actual);
              tally.ape.daily.push(Math.abs(actual - y[t - 24]) / actual);
              if (t < prev.length) tally.ape.previous.push(Math.abs(actual - prev[t]) / actual);
            }
          }
        }
      }
    });
    perSite[siteId] = summarise(site);
  }
  return { season: label, overall: summarise(overall), perSite, fitMsPerSite: Object.fromEntries(Object.entries(fitMs).map(([s, v]) => [s, round(v.reduce((a, b) => a + b, 0) / Math.max(1, v.length), 1)])) };
}

const mean = (xs) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

function summarise(tally) {
  return Object.fromEntries(
    HORIZONS.map((h) => {
      const t = tally[h];
      if (t.n === 0) return [h, null];
      const mase = { model: t.model / t.n, weekly: t.weekly / t.n, daily: t.daily / t.n, previous: t.previousN ? t.previous / t.previousN : null };
      const best = Math.min(mase.weekly, mase.daily, ...(mase.previous === null ? [] : [mase.previous]));
      return [
        h,
        {
          points: t.n,
          mase: Object.fromEntries(Object.entries(mase).map(([k, v]) => [k, v === null ? null : round(v, 3)])),
          maseVsBestBaseline: round(mase.model / best, 3),
          mapePercent: Object.fromEntries(Object.entries(t.ape).map(([k, v]) => [k, v.length ? round(100 * mean(v), 1) : null])),
          coverage80: round(t.covered / t.n, 3),
        },
      ];
    }),
  );
}

/** One movement per site, hour and direction with the season's people, shifted so that its last hour ends now. */
function historyMovements(series, sites, hours, now) {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS;
  const movements = [];
  for (const site of sites) {
    for (const direction of ['arrival', 'departure']) {
      const y = series.get(site.id, direction);
      for (let k = 1; k <= hours; k++) {
        const people = Math.min(10_000, Math.round(y[series.hours - 24 - k] ?? 0));
        if (people === 0) continue;
        movements.push({ id: randomUUID(), siteId: site.id, direction, mode: site.kind === 'airport' ? 'plane' : 'foot', people, vehicles: 0, occurredAt: new Date(end - k * HOUR_MS + 600_000).toISOString() });
      }
    }
  }
  return movements;
}

async function post(baseUrl, token, path, body) {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

/** The live path under a steady load: a tablet's small batches and a console's snapshots, for LOAD_SECONDS; the server's event-loop delay. */
async function liveLoad(baseUrl, admin, assistant) {
  await metrics(baseUrl, admin, true);
  const until = Date.now() + LOAD_SECONDS * 1000;
  const latencies = [];
  while (Date.now() < until) {
    const t = performance.now();
    await post(baseUrl, assistant, '/api/movements', { movements: [{ id: randomUUID(), siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 4, vehicles: 1, occurredAt: new Date().toISOString() }] });
    await fetch(`${baseUrl}/api/live/snapshot`, { headers: { authorization: `Bearer ${admin}` } }).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - t);
    await sleep(50);
  }
  const m = await metrics(baseUrl, admin);
  return { eventLoopP99Ms: m.eventLoopDelayMs.p99, eventLoopMaxMs: m.eventLoopDelayMs.max, requestPairP99Ms: round(percentile(latencies, 99), 1), requests: latencies.length * 2 };
}

export async function forecastBenchmark(db) {
  const { SeasonModel, seasonTargets } = await dist('simulator/season-model.js');
  const { referenceEditions, referenceSites } = await dist('reference/reference-data.js');
  const shared = await import(join(root, 'shared', 'dist', 'index.js'));
  const { operationDayStart } = shared;
  const sites = referenceSites().filter((s) => s.active);
  const { editions, published } = referenceEditions();
  const edition = (year) => editions.find((e) => e.year === year);
  const siteIds = process.env.BENCH_FORECAST_SITES === 'all' ? sites.map((s) => s.id) : DEFAULT_SITES;

  const generated = performance.now();
  const waits = Object.fromEntries(['marhaba', 'bench-second'].map((seed) => [seed, waitBacktest(shared)]));
  const seasons = ['marhaba', 'bench-second'].map((seed) => ({
    seed,
    // The backtest reads the last 40 days and the 28 days of history before them; the previous edition its last 41.
    current: hourlySeries(new SeasonModel(edition(2024), sites, seasonTargets(2024, published), seed), operationDayStart, SEASON_DAYS - BACKTEST_DAYS - 30, waits[seed], SEASON_DAYS - BACKTEST_DAYS),
    previous: hourlySeries(new SeasonModel(edition(2023), sites, seasonTargets(2023, published), seed), operationDayStart, SEASON_DAYS - BACKTEST_DAYS - 2),
  }));
  const generateSeconds = round((performance.now() - generated) / 1000, 1);

  // No server runs during the backtest: both cores for two worker threads.
  pinSelf('0-1');
  const pool = new Piscina({ filename: join(root, 'backend', 'dist', 'modules', 'forecast', 'forecast.worker.js'), minThreads: 2, maxThreads: 2 });
  const started = performance.now();
  const backtests = [];
  for (const s of seasons) backtests.push(await backtestSeason(`2024 (seed ${s.seed})`, s.current, s.previous, siteIds, pool));
  const backtestSeconds = round((performance.now() - started) / 1000, 1);
  await pool.destroy();
  pinSelf(LOAD_CORE);

  // The server: 15 days of the 2024 season's hours at every site, so that refits fit the model everywhere.
  const databaseUrl = await createDatabase(db.url);
  let server = await startBackend({ DATABASE_URL: databaseUrl, FORECAST_REFIT_MS: '86400000' });
  let coordinator = await login(server.baseUrl, 'coordinator');
  const history = historyMovements(seasons[0].current, sites, 15 * 24, Date.now());
  for (let i = 0; i < history.length; i += 1000) await post(server.baseUrl, coordinator, '/api/movements', { movements: history.slice(i, i + 1000) });
  await server.stop();

  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  const lastRefit = async () => (await sql.query('SELECT max(generated_at) AS at FROM forecasts')).rows[0].at;
  // The server listens before its first refit ends (it runs in the background): a window "without refits"
  // starts only once that refit has stored its forecasts.
  const startWithoutRefits = async (env) => {
    const before = await lastRefit();
    const started = await startBackend(env);
    const deadline = performance.now() + 120_000;
    while ((await lastRefit())?.getTime() === before?.getTime()) {
      if (performance.now() > deadline) throw new Error('the first refit stored nothing within 120 s');
      await sleep(100);
    }
    return started;
  };

  const startedAt = performance.now();
  server = await startWithoutRefits({ DATABASE_URL: databaseUrl, FORECAST_REFIT_MS: '86400000' });
  const startWithRefitSeconds = round((performance.now() - startedAt) / 1000, 1);
  const methods = (await sql.query('SELECT method, count(*)::int AS n FROM forecasts GROUP BY 1')).rows;
  coordinator = await login(server.baseUrl, 'coordinator');
  const latencies = [];
  for (let i = 0; i < LATENCY_REQUESTS; i++) {
    const query = i % 4 === 0 ? '?hours=24' : `?siteId=${sites[i % sites.length].id}&hours=12`;
    const t = performance.now();
    const res = await fetch(`${server.baseUrl}/api/forecast${query}`, { headers: { authorization: `Bearer ${coordinator}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /api/forecast${query}: ${res.status}`);
    latencies.push(performance.now() - t);
  }
  await server.stop();

  // The live path under the same load, alternately without refits (once the one at start is over) and with
  // refits back to back (every second, each taking seconds): twice each, to see the noise.
  const windows = { withoutRefit: [], duringRefits: [] };
  for (let pass = 0; pass < LOAD_ROUNDS; pass++) {
    for (const [kind, refitMs] of [['withoutRefit', '86400000'], ['duringRefits', '1000']]) {
      const env = { DATABASE_URL: databaseUrl, FORECAST_REFIT_MS: refitMs };
      server = kind === 'withoutRefit' ? await startWithoutRefits(env) : await startBackend(env);
      const before = await lastRefit();
      const load = await liveLoad(server.baseUrl, await login(server.baseUrl, 'admin'), await login(server.baseUrl, 'assistant-tanger-med'));
      const refits = (await sql.query('SELECT count(DISTINCT generated_at)::int AS n FROM forecasts WHERE generated_at > $1', [before])).rows[0].n;
      windows[kind].push({ ...load, refitsCompleted: refits });
      await server.stop();
    }
  }
  await sql.end();
  const p99 = (kind) => round(Math.max(...windows[kind].map((w) => w.eventLoopP99Ms)), 2);

  const headline = (b) => Object.fromEntries(HORIZONS.map((h) => [h, b.overall[h] && { maseModel: b.overall[h].mase.model, maseVsBestBaseline: b.overall[h].maseVsBestBaseline, coverage80: b.overall[h].coverage80 }]));
  for (const b of backtests) console.log(b.season, JSON.stringify(headline(b)));
  const waitResults = Object.fromEntries(Object.entries(waits).map(([seed, w]) => [seed, w.result()]));
  console.log('predicted waits vs reported', JSON.stringify(waitResults));
  return {
    name: 'forecast',
    setup: `rolling origin every ${ORIGIN_EVERY_HOURS} h over the last ${BACKTEST_DAYS} days, horizons ${HORIZONS.join('/')} h, sites ${siteIds.join(', ')}; MASE scaled by the in-sample error of "same hour the day before"; baselines: same hour 7 days before (weekly), the day before (daily), the 2023 edition's aligned hour (previous); MAPE over hours with >= ${MAPE_FLOOR} people`,
    generateSeconds,
    backtestSeconds,
    backtests,
    waits: { setup: `holding reports of the last ${BACKTEST_DAYS} days: lastHourWaitMinutes (vehicles waiting over the departure vehicles since the live last hour began) against the reported wait; baseline: the previous report carried forward`, bySeed: waitResults },
    server: {
      historyMovements: history.length,
      startWithRefitSeconds,
      storedMethods: methods,
      forecastRequestMs: { requests: LATENCY_REQUESTS, p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2) },
      live: windows,
      eventLoopP99WorstMs: { withoutRefit: p99('withoutRefit'), duringRefits: p99('duringRefits') },
      eventLoopP99Ratio: round(p99('duringRefits') / p99('withoutRefit'), 2),
    },
  };
}
