// npm run bench [-- name …]: runs the benchmarks (all by default), prints figures side by side and
// writes bench/results.json. Servers on core 0, load on core 1 (taskset); loopback only; bounded.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forecastBenchmark } from './forecast.mjs';
import { importsBenchmark } from './imports.mjs';
import { ingestBenchmark } from './ingest.mjs';
import { realtimeBenchmark } from './realtime.mjs';
import { restartBenchmark } from './restart.mjs';
import { statsBenchmark } from './stats.mjs';
import { pinSelf, root, startDatabase, LOAD_CORE } from './lib.mjs';

const BENCHMARKS = {
  ingest: ingestBenchmark,
  import: importsBenchmark,
  realtime: realtimeBenchmark,
  stats: statsBenchmark,
  forecast: forecastBenchmark,
  restart: restartBenchmark,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);
for (const name of selected) if (!BENCHMARKS[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHMARKS).join(', ')}`);

pinSelf(LOAD_CORE);
const db = await startDatabase();
const results = { machine: { cores: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString(), results: [] };
try {
  for (const name of selected) {
    console.log(`\n== ${name}`);
    const result = await BENCHMARKS[name](db);
    console.log(JSON.stringify(result, null, 2));
    results.results.push({ ...result, at: new Date().toISOString() });
  }
} finally {
  await db.stop();
}
// A run of some benchmarks keeps the last results of the others (each result says when it was measured).
const file = join(root, 'bench', 'results.json');
const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { results: [] };
// By the results' names (the import benchmark's result is named `imports`): a result measured again replaces its old one.
const measured = new Set(results.results.map((r) => r.name));
const kept = previous.results.filter((r) => !measured.has(r.name)).map((r) => ({ at: r.at ?? previous.at, ...r }));
results.results = [...kept, ...results.results];
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten: bench/results.json');
