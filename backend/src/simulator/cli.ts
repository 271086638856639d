import { parseArgs } from 'node:util';
import { replaySeason } from './replay.js';

const USAGE = `Plays a Marhaba season into a running backend through its public API.

  npm run simulate -- --edition 2024 [--speed N | --max] [--seed S] [--url URL]
                      [--scale F] [--duplicate-rate R] [--concurrency N] [--lifecycle full|counted]

  --edition YEAR        an edition the backend knows (GET /api/editions)
  --speed N             season time per real time (3600: a season hour a second); default --max
  --max                 as fast as the backend takes it
  --seed S              the same seed plays the same season (default "marhaba")
  --url URL             the backend (default http://localhost:3000)
  --scale F             shrink every total by F, e.g. 0.01 for a quick trial (default 1)
  --duplicate-rate R    share of movement batches sent twice, to exercise idempotency (default 0)
  --concurrency N       requests in flight (default 8)
  --lifecycle counted   send only the case changes the statistics count (escalations), not the
                        taking in hand and resolutions: the same figures with about half the requests
Logs in as the demo users (password DEMO_PASSWORD, default "marhaba"). Prints the totals sent, as JSON, last.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function number(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        edition: { type: 'string' },
        speed: { type: 'string' },
        max: { type: 'boolean' },
        seed: { type: 'string', default: 'marhaba' },
        url: { type: 'string', default: 'http://localhost:3000' },
        scale: { type: 'string' },
        'duplicate-rate': { type: 'string' },
        concurrency: { type: 'string' },
        lifecycle: { type: 'string', default: 'full' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.edition || !/^\d{4}$/.test(values.edition)) fail('--edition YEAR is required (four digits)');
  if (values.speed !== undefined && values.max) fail('--speed and --max exclude each other');
  if (values.lifecycle !== 'full' && values.lifecycle !== 'counted') fail('--lifecycle must be full or counted');
  const report = await replaySeason({
    url: values.url,
    year: Number(values.edition),
    seed: values.seed,
    speed: values.speed === undefined ? null : number('speed', values.speed, 1, 0.001, 1e9),
    scale: number('scale', values.scale, 1, 0.0001, 1),
    duplicateRate: number('duplicate-rate', values['duplicate-rate'], 0, 0, 1),
    concurrency: number('concurrency', values.concurrency, 8, 1, 64),
    lifecycle: values.lifecycle,
    password: process.env.DEMO_PASSWORD || 'marhaba',
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
