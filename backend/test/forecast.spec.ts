import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, countsTowardsTotals, daysBetween, FORECAST_FALLBACK_METHODS, FORECAST_MODEL_METHOD, hourStart, nextHourStart, operationDay, operationHour, type Forecast, type ForecastFigure } from '@marhaba/shared';
import { ForecastService } from '../src/modules/forecast/forecast.service.js';
import { referenceSites } from '../src/reference/reference-data.js';
import { movement, TestApp } from './support/test-app.js';

const HOUR_MS = 3_600_000;
const SITE = 'bab-sebta';
const coordinatorUser = { id: 'c', username: 'coordinator', role: 'coordinator' as const, siteIds: [] };

/** People per hour at the border with a daily and a weekly shape (busy afternoons, busier weekends). */
function pattern(start: Date, direction: 'arrival' | 'departure'): number {
  const daily = 1 + 0.8 * Math.sin((2 * Math.PI * (operationHour(start) - 9)) / 24);
  const weekend = [0, 6].includes(start.getUTCDay()) ? 1.3 : 1;
  return Math.round((direction === 'arrival' ? 120 : 60) * daily * weekend);
}

/** Whole hours of history before the current hour, one movement per hour and direction. */
function history(siteId: string, hours: number, now: Date) {
  const end = hourStart(now).getTime();
  return Array.from({ length: hours }, (_, k) => new Date(end - (k + 1) * HOUR_MS)).flatMap((start) =>
    (['arrival', 'departure'] as const).map((direction) =>
      movement({ siteId, direction, mode: 'foot', people: pattern(start, direction), vehicles: 0, occurredAt: new Date(start.getTime() + 10 * 60_000).toISOString() }),
    ),
  );
}

function expectContractShape(forecast: Forecast, hours: number, from: Date) {
  expect(forecast.hours).toHaveLength(hours);
  forecast.hours.forEach((h, i) => {
    expect(h.start).toBe(new Date(from.getTime() + i * HOUR_MS).toISOString());
    for (const f of [h.arrivals, h.departures]) {
      expect(Object.keys(f).sort()).toEqual(['expected', 'high', 'low']);
      expect(Object.values(f).every(Number.isInteger)).toBe(true);
      expect(0 <= f.low && f.low <= f.expected && f.expected <= f.high).toBe(true);
    }
  });
}

describe('GET /api/forecast (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;
  let assistant: string;
  const get = (query: string, token = coordinator) => app.request('GET', `/api/forecast${query}`, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.login('coordinator');
    assistant = await app.login(`assistant-${SITE}`);
    const movements = history(SITE, 15 * 24, new Date());
    const res = await app.request('POST', '/api/movements', { token: coordinator, body: { movements } });
    expect(res.body).toEqual({ accepted: movements.length, duplicates: 0 });
    // The start's own refit runs in the background and holds the refit lock while it does: this one would skip.
    await app.get(ForecastService).firstRefitSettled();
    await app.get(ForecastService).refit();
  });
  afterAll(() => app.close());

  it("should forecast a site with two weeks of history with the model, close to its shape", async () => {
    const res = await get(`?siteId=${SITE}&hours=24`);
    expect(res.status).toBe(200);
    const forecast = res.body as Forecast;
    expect(forecast).toMatchObject({ siteId: SITE, method: FORECAST_MODEL_METHOD });
    const from = nextHourStart(new Date(forecast.generatedAt));
    expectContractShape(forecast, 24, from);
    const errors = forecast.hours.map((h) => Math.abs(h.arrivals.expected - pattern(new Date(h.start), 'arrival')) / Math.max(20, pattern(new Date(h.start), 'arrival')));
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.25);
  });

  it('should give 12 hours by default and fall back to the season profile for a site without history', async () => {
    const res = await get('?siteId=tanger-ville');
    expect(res.status).toBe(200);
    expect(res.body.method).toBe(FORECAST_FALLBACK_METHODS.seasonProfile);
    expectContractShape(res.body, 12, nextHourStart(new Date(res.body.generatedAt)));
  });

  it('should add up exactly the crossings without siteId', async () => {
    const res = await get('?hours=6');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ siteId: null, method: FORECAST_FALLBACK_METHODS.mixed });
    const crossings = referenceSites().filter(countsTowardsTotals);
    const perSite = await Promise.all(crossings.map(async (s) => (await get(`?siteId=${s.id}&hours=6`)).body as Forecast));
    const sum = (pick: (f: Forecast) => ForecastFigure) => ({
      expected: perSite.reduce((s, f) => s + pick(f).expected, 0),
      low: perSite.reduce((s, f) => s + pick(f).low, 0),
      high: perSite.reduce((s, f) => s + pick(f).high, 0),
    });
    expect(res.body.hours[0].arrivals).toEqual(sum((f) => f.hours[0].arrivals));
    expect(res.body.hours[5].departures).toEqual(sum((f) => f.hours[5].departures));
    // A rest area's forecast is there on its own but left out of the total.
    expect((await get('?siteId=mediterranee&hours=6')).status).toBe(200);
  });

  it("should keep an assistant to its own sites", async () => {
    const own = await get(`?siteId=${SITE}`, assistant);
    expect(own.status).toBe(200);
    const other = await get('?siteId=tanger-med', assistant);
    expect([other.status, other.body.code]).toEqual([403, 'site_not_assigned']);
    const total = await get('', assistant);
    expect(total.status).toBe(200);
    expect(total.body.hours.map((h: { arrivals: ForecastFigure }) => h.arrivals)).toEqual(own.body.hours.map((h: { arrivals: ForecastFigure }) => h.arrivals));
  });

  it('should answer 404 to an unknown site and 400 naming the field to a bad query, storing nothing', async () => {
    const before = await app.query('SELECT site_id, generated_at FROM forecasts ORDER BY site_id');
    expect((await get('?siteId=atlantis')).status).toBe(404);
    for (const [query, field] of [
      ['?hours=0', 'hours'],
      ['?hours=49', 'hours'],
      ['?hours=x', 'hours'],
      ['?hours=1.5', 'hours'],
      ['?hours=12&hours=13', 'hours'],
      ['?siteId=BAD%20ID', 'siteId'],
      ['?hours=12&extra=1', undefined],
    ] as const) {
      const res = await get(query);
      expect([query, res.status]).toEqual([query, 400]);
      if (field) expect(res.body.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await app.request('GET', '/api/forecast')).status).toBe(401);
    expect(await app.query('SELECT site_id, generated_at FROM forecasts ORDER BY site_id')).toEqual(before);
  });

  it('should compute once when two refits meet (advisory lock): the other skips', async () => {
    const sut = app.get(ForecastService);
    const results = await Promise.all([sut.refit(), sut.refit()]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.find((r) => r !== null)!.byMethod[FORECAST_MODEL_METHOD]).toBe(1);
  });

  it("should fall back to the previous edition's same hours where they were recorded", async () => {
    // 20 August 2024, 12:30 local; 76 days into the 2024 edition, so the same hours of 2023 are on 20 August 2023.
    const now = new Date('2024-08-20T11:30:00Z');
    const aligned = (t: Date) => new Date(t.getTime() - (Date.parse('2024-06-05') - Date.parse('2023-06-05')));
    const from = nextHourStart(now);
    const previous = Array.from({ length: 6 }, (_, i) => movement({ siteId: 'nador', direction: 'arrival', mode: 'car', people: 10 * (i + 1), vehicles: i + 1, occurredAt: aligned(new Date(from.getTime() + i * HOUR_MS + 60_000)).toISOString() }));
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements: previous } })).status).toBe(200);
    const sut = app.get(ForecastService);
    await sut.refit(now);
    const nador = await sut.forecast(coordinatorUser, { siteId: 'nador', hours: 6 }, now);
    expect(nador.method).toBe(FORECAST_FALLBACK_METHODS.previousEdition);
    expect(nador.hours.map((h) => h.arrivals.expected)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(nador.hours[0].arrivals.low).toBeLessThan(10);
    expect(nador.hours[0].arrivals.high).toBeGreaterThan(10);
    const tangerVille = await sut.forecast(coordinatorUser, { siteId: 'tanger-ville', hours: 24 }, now);
    expect(tangerVille.method).toBe(FORECAST_FALLBACK_METHODS.seasonProfile);
    expect(tangerVille.hours.reduce((s, h) => s + h.arrivals.expected, 0)).toBeGreaterThan(0);
  });

  it("should read imported days as recorded hours: the previous edition's spread over their hours, the current one's fitted", async () => {
    const supervisor = await app.login('supervisor');
    // 20 August 2024, 00:10 local: the last whole hour ends yesterday's day, the last imported one.
    const now = new Date('2024-08-19T23:10:00Z');
    // Tanger Med's 20–22 August 2023 (the same days of the 2023 edition), imported as a spreadsheet keeps them.
    const people = { '2023-08-20': 9_100, '2023-08-21': 10_400, '2023-08-22': 8_700 } as Record<string, number>;
    const previous = Object.entries(people).flatMap(([date, n]) => [
      { date, siteId: 'tanger-med', direction: 'arrival', people: n, vehicles: Math.round(n / 3) },
      { date, siteId: 'tanger-med', direction: 'departure', people: Math.round(n / 2), vehicles: Math.round(n / 6) },
    ]);
    // Fifteen days of Bab Mellilia's 2024 edition before today, daily only: enough for the model.
    const current = daysBetween('2024-08-05', '2024-08-19').flatMap((date, i) => [
      { date, siteId: 'bab-mellilia', direction: 'arrival', people: 1_000 + 50 * (i % 7), vehicles: 300 },
      { date, siteId: 'bab-mellilia', direction: 'departure', people: 400, vehicles: 120 },
    ]);
    for (const [edition, traffic] of [[2023, previous], [2024, current]] as const) {
      const res = await app.request('POST', '/api/imports', { token: supervisor, body: { edition, traffic } });
      expect(res).toMatchObject({ status: 200, body: { accepted: traffic.length, errors: [] } });
    }
    const sut = app.get(ForecastService);
    const report = await sut.refit(now);
    expect(report?.byMethod[FORECAST_FALLBACK_METHODS.previousEditionDaily]).toBe(1);

    const tangerMed = await sut.forecast(coordinatorUser, { siteId: 'tanger-med', hours: 48 }, now);
    expect(tangerMed.method).toBe(FORECAST_FALLBACK_METHODS.previousEditionDaily);
    expectContractShape(tangerMed, 48, nextHourStart(now));
    // 21 August 2024, a whole local day of the forecast, stands for 21 August 2023.
    const day = addDays(operationDay(now), 1);
    const ofDay = tangerMed.hours.filter((h) => operationDay(new Date(h.start)) === day);
    expect(ofDay).toHaveLength(24);
    // Whole people spread with the season profile's shape: the hours add up to the imported day, nothing lost to rounding.
    expect(ofDay.reduce((s, h) => s + h.arrivals.expected, 0)).toBe(people['2023-08-21']);
    expect(ofDay.reduce((s, h) => s + h.departures.expected, 0)).toBe(people['2023-08-21'] / 2);
    // A shape, not a flat line: the profile's busy hours carry more than its quiet ones.
    expect(Math.max(...ofDay.map((h) => h.arrivals.expected))).toBeGreaterThan(2 * Math.min(...ofDay.map((h) => h.arrivals.expected)));

    const babMellilia = await sut.forecast(coordinatorUser, { siteId: 'bab-mellilia', hours: 24 }, now);
    // Only the imported days give it the two weeks the model needs.
    expect(babMellilia.method).toBe(FORECAST_MODEL_METHOD);
    const expectedDay = babMellilia.hours.reduce((s, h) => s + h.arrivals.expected, 0);
    // Fitted on the spread hours: about the imported days' arrivals (1 000–1 300 a day; 1 050 on the day ahead).
    expect(expectedDay).toBeGreaterThan(800);
    expect(expectedDay).toBeLessThan(1_500);
  });
});
