import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { operationDayStart, type Edition, type Site } from '@marhaba/shared';
import { DemoSimulator } from '../src/modules/demo/demo.simulator.js';
import { referenceEditions } from '../src/reference/reference-data.js';
import { SeasonModel, seasonTargets } from '../src/simulator/season-model.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait.js';

/** Demo mode's live traffic is the season model played at the time of day, through the services. */
describe('demo mode live traffic (real PostgreSQL)', () => {
  let app: TestApp;
  let sut: DemoSimulator;
  const realDay = '2025-08-28';
  const at = (hhmm: string) => new Date(`${realDay}T${hhmm}:00+01:00`);

  beforeAll(async () => {
    app = await TestApp.start();
    sut = app.get(DemoSimulator);
  });
  afterAll(() => app.close());

  /** What the model plans for the same day up to a time, as the demo plays it (28 August of the 2025 edition, in progress: its 26 sites). */
  async function planned(until: Date) {
    const token = await app.login('coordinator');
    const edition: Edition = (await app.request('GET', '/api/editions', { token })).body.find((e: Edition) => e.year === 2025);
    const sites: Site[] = (await app.request('GET', '/api/sites', { token })).body.filter((s: Site) => edition.siteIds.includes(s.id));
    expect(sites).toHaveLength(26);
    const model = new SeasonModel(edition, sites, seasonTargets(2025, referenceEditions().published), 'demo');
    const plan = model.planDay(model.dayIndex(realDay), realDay);
    const cutoff = until.getTime();
    return {
      movements: plan.movements.filter((m) => m.at <= cutoff).length,
      people: plan.movements.filter((m) => m.at <= cutoff).reduce((s, m) => s + m.movement.people, 0),
      cases: plan.cases.filter((c) => c.at <= cutoff).length,
    };
  }

  const stored = async () => {
    const [row] = await app.query(`SELECT (SELECT count(*)::int FROM movements) AS movements, (SELECT coalesce(sum(people), 0)::int FROM movements) AS people, (SELECT count(*)::int FROM cases) AS cases`);
    return row;
  };

  it('should catch up from midnight to the time of day, then play on', async () => {
    await sut.tick(at('04:00'));
    expect(await stored()).toEqual(await planned(at('04:00')));
    await sut.tick(at('05:30'));
    const expected = await planned(at('05:30'));
    expect(await stored()).toEqual(expected);
    expect(expected.movements).toBeGreaterThan(500);
  }, 120_000);

  it('should date what it plays on the real day, by the sites own assistants', async () => {
    const [row] = await app.query(`SELECT min(occurred_at) AS first, max(occurred_at) AS last, count(DISTINCT recorded_by)::int AS users FROM movements`);
    expect(new Date(row.first).getTime()).toBeGreaterThanOrEqual(operationDayStart(realDay).getTime());
    expect(new Date(row.last).getTime()).toBeLessThanOrEqual(at('05:30').getTime());
    expect(row.users).toBeGreaterThan(10);
  });

  it('should send nothing twice when the same time is played again', async () => {
    const before = await stored();
    await sut.tick(at('05:30'));
    expect(await stored()).toEqual(before);
  });

  // Last: the simulator stays stopped. A start at night catches up a whole day, longer than the shutdown timeout.
  it('should stop a catch-up at shutdown between two sends', async () => {
    const before = await stored();
    const catchUp = sut.tick(at('23:30'));
    await waitFor('the catch-up to store a first batch', async () => (await stored()).movements > before.movements, 60_000, 20);
    await sut.onApplicationShutdown();
    await catchUp;
    const stopped = await stored();
    expect(stopped.movements).toBeLessThan((await planned(at('23:30'))).movements);
    // A tick after shutdown sends nothing.
    await sut.tick(at('23:45'));
    expect(await stored()).toEqual(stopped);
  }, 120_000);
});
