import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, MAX_CASES_PER_BATCH, MAX_MOVEMENTS_PER_BATCH, type CaseBatchResult, type CaseChangeBatchResult, operationDayStart, type Edition, type EditionDates, type MovementInput, type MovementsResult, type Site } from '@marhaba/shared';
import { referenceEditions } from '../reference/reference-data.js';
import { ApiClient, Pool } from './api-client.js';
import { seededRandom } from './random.js';
import { withCountedChangesOnly } from './season-cases.js';
import { SeasonModel, seasonTargets } from './season-model.js';
import type { PlannedCase } from './season-plan.js';
import { addToTally, emptyTally, type SeasonTally } from './season-tally.js';

export interface ReplayOptions {
  /** Base URL of a running backend, e.g. http://localhost:3000. */
  url: string;
  year: number;
  seed: string;
  /** Season time per real time (3600: an hour a second); null plays as fast as the backend takes it. */
  speed: number | null;
  /** Shrinks every target (tests); 1 is the real season. */
  scale: number;
  /** Share of movement batches sent a second time, to exercise idempotency. */
  duplicateRate: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** `full`: every status change of the cases; `counted`: only the escalations the statistics count. */
  lifecycle: 'full' | 'counted';
  password: string;
  log: (line: string) => void;
}

export interface ReplayReport {
  edition: EditionDates;
  seed: string;
  scale: number;
  /** What was sent and acknowledged, counted as the statistics count. */
  sent: SeasonTally;
  batches: number;
  duplicateBatches: number;
  requests: number;
  retries: number;
  elapsedMs: number;
}

const assistant = (siteId: string) => `assistant-${siteId}`;

/**
 * Plays a season into a running backend through its public API only, as the sites' tablets would:
 * each site's assistant sends its movements in batches of up to 1,000, opens cases in batches of up to
 * 500 (as its outbox flushes them) and moves them on (as fast as possible: in batches too), and reports
 * its holding area; the coordinator resolves the cases escalated to the Central Coordination Office. Everything is acknowledged before it is counted as sent; failures are retried with the same ids.
 */
export async function replaySeason(o: ReplayOptions): Promise<ReplayReport> {
  const client = new ApiClient(o.url, o.password, o.concurrency);
  try {
    return await replay(o, client);
  } finally {
    client.close();
  }
}

async function replay(o: ReplayOptions, client: ApiClient): Promise<ReplayReport> {
  const started = Date.now();
  const pool = new Pool(o.concurrency);
  const editions = await client.as<Edition[]>('coordinator', 'GET', '/api/editions');
  const edition = editions.find((e) => e.year === o.year);
  if (!edition) throw new Error(`the backend has no edition ${o.year} (it has ${editions.map((e) => e.year).join(', ')})`);
  // The edition's own sites: a site outside it would not count in its statistics.
  const sites = (await client.as<Site[]>('coordinator', 'GET', '/api/sites')).filter((s) => edition.siteIds.includes(s.id));
  const model = new SeasonModel(edition, sites, seasonTargets(o.year, referenceEditions().published, o.scale), o.seed, o.scale);
  const byId = new Map(sites.map((s) => [s.id, s]));
  const sent = emptyTally();
  const duplicates = seededRandom(o.seed, 'duplicates');
  let batches = 0;
  let duplicateBatches = 0;

  const firstEvent = { wall: Date.now(), season: Number.NaN };
  /** Waits until season time `at` has come, at the chosen speed. */
  const until = async (at: number) => {
    if (o.speed === null) return;
    if (Number.isNaN(firstEvent.season)) firstEvent.season = at;
    const due = firstEvent.wall + (at - firstEvent.season) / o.speed;
    if (due > Date.now()) await sleep(due - Date.now());
  };

  const sendBatch = async (movements: MovementInput[]) => {
    const siteId = movements[0].siteId;
    const twice = duplicates() < o.duplicateRate;
    batches++;
    await pool.run(async () => {
      const first = await client.as<MovementsResult>(assistant(siteId), 'POST', '/api/movements', { movements });
      if (first.accepted + first.duplicates !== movements.length) throw new Error(`batch of ${movements.length} answered ${JSON.stringify(first)}`);
      if (!twice) return;
      duplicateBatches++;
      const again = await client.as<MovementsResult>(assistant(siteId), 'POST', '/api/movements', { movements });
      if (again.accepted !== 0 || again.duplicates !== movements.length) throw new Error(`resent batch answered ${JSON.stringify(again)}`);
    });
  };

  // Work in flight, counted; `settled` wakes the loop when some finishes (Promise.race over many
  // promises would attach a reaction to each of them at every call).
  let inFlight = 0;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const settled = () => new Promise<void>((resolve) => (wake = resolve));
  const track = (work: Promise<void>) => {
    inFlight++;
    work
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => {
        inFlight--;
        wake?.();
        wake = null;
      });
  };
  /** Opens a site's cases in one batch, as a tablet's outbox flushes them, then moves each on. */
  const playCases = async (cases: PlannedCase[]) => {
    const siteId = cases[0].input.siteId;
    await pool.run(async () => {
      const result = await client.as<CaseBatchResult>(assistant(siteId), 'POST', '/api/cases/batch', { cases: cases.map((c) => c.input) });
      if (result.accepted + result.duplicates !== cases.length) throw new Error(`batch of ${cases.length} cases answered ${result.accepted} + ${result.duplicates}`);
    });
    if (o.speed === null) await playChangesInBatches(cases);
    else await Promise.all(cases.map(playChangesInTime));
  };
  const actor = (c: PlannedCase, change: PlannedCase['changes'][number]) => (change.by === 'site' ? assistant(c.input.siteId) : 'coordinator');
  /** Each change when its time comes, as an online tablet sends it. */
  const playChangesInTime = async (c: PlannedCase) => {
    for (const change of c.changes) {
      await until(change.at);
      await pool.run(() => client.as(actor(c, change), 'PATCH', `/api/cases/${c.input.id}`, change.patch));
    }
  };
  /** As fast as possible: the first change of every case, then the second…, each round in batches per sender. */
  const playChangesInBatches = async (cases: PlannedCase[]) => {
    const rounds = Math.max(0, ...cases.map((c) => c.changes.length));
    for (let round = 0; round < rounds; round++) {
      const bySender = new Map<string, { caseId: string; patch: PlannedCase['changes'][number]['patch'] }[]>();
      for (const c of cases) {
        const change = c.changes[round];
        if (!change) continue;
        const items = bySender.get(actor(c, change)) ?? [];
        bySender.set(actor(c, change), items);
        items.push({ caseId: c.input.id, patch: change.patch });
      }
      await Promise.all(
        [...bySender].flatMap(([sender, items]) =>
          Array.from({ length: Math.ceil(items.length / MAX_CASES_PER_BATCH) }, (_, i) => items.slice(i * MAX_CASES_PER_BATCH, (i + 1) * MAX_CASES_PER_BATCH)).map((changes) =>
            pool.run(async () => {
              const result = await client.as<CaseChangeBatchResult>(sender, 'POST', '/api/cases/changes', { changes });
              if (result.applied + result.duplicates !== changes.length) throw new Error(`batch of ${changes.length} changes answered ${result.applied} + ${result.duplicates}`);
            }),
          ),
        ),
      );
    }
  };

  const now = Date.now();
  for (let index = 0; index < model.days.length; index++) {
    const planned = model.planDay(index);
    const plan = o.lifecycle === 'counted' ? withCountedChangesOnly(planned) : planned;
    if (operationDayStart(addDays(plan.day, 1)).getTime() > now) {
      o.log(`${plan.day}: not played, the day has not ended yet`);
      break;
    }
    const buffers = new Map<string, MovementInput[]>();
    const caseBuffers = new Map<string, PlannedCase[]>();
    let lastFlush = Date.now();
    const flush = (siteId?: string) => {
      for (const [id, buffer] of buffers) {
        if (siteId !== undefined && id !== siteId) continue;
        if (buffer.length > 0) track(sendBatch(buffer.splice(0)));
      }
      for (const [id, buffer] of caseBuffers) {
        if (siteId !== undefined && id !== siteId) continue;
        if (buffer.length > 0) track(playCases(buffer.splice(0)));
      }
      lastFlush = Date.now();
    };
    /** Queues an item in its site's buffer; a full buffer goes at once (with the site's other buffer). */
    const queue = <T>(into: Map<string, T[]>, siteId: string, item: T, max: number) => {
      const buffer = into.get(siteId) ?? [];
      into.set(siteId, buffer);
      buffer.push(item);
      if (buffer.length >= max) flush(siteId);
    };
    const events = [
      ...plan.movements.map((m) => ({ at: m.at, play: () => queue(buffers, m.movement.siteId, m.movement, MAX_MOVEMENTS_PER_BATCH) })),
      ...plan.cases.map((c) => ({ at: c.at, play: () => queue(caseBuffers, c.input.siteId, c, MAX_CASES_PER_BATCH) })),
      ...plan.holding.map((h) => ({ at: h.at, play: () => track(pool.run(() => client.as(assistant(h.siteId), 'POST', `/api/holding-areas/${h.siteId}/reports`, h.report)).then(() => undefined)) })),
    ].sort((a, b) => a.at - b.at);
    for (const event of events) {
      await until(event.at);
      event.play();
      // Tablets send every few seconds when played in time; as fast as possible, batches fill up first.
      if (o.speed !== null && Date.now() - lastFlush > 2_000) flush();
      while (inFlight > 4 * o.concurrency + 2_000) await settled();
      if (failure) throw failure;
    }
    flush();
    addToTally(sent, plan, byId);
    if (index % 10 === 9 || index === model.days.length - 1) {
      o.log(`${plan.day}: ${sent.movements} movements, ${Object.values(sent.assistance).reduce((a, b) => a + b, 0)} cases, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }
  while (inFlight > 0) await settled();
  if (failure) throw failure;
  return { edition, seed: o.seed, scale: o.scale, sent, batches, duplicateBatches, requests: client.requests, retries: client.retries, elapsedMs: Date.now() - started };
}
