import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { nextHourStart, type AlertView, type HoldingEvent } from '@marhaba/shared';
import { AlertsSweeper } from '../src/modules/alerts/alerts.sweeper.js';
import { ForecastService } from '../src/modules/forecast/forecast.service.js';
import { ForecastRepository } from '../src/modules/forecast/forecast.repository.js';
import { csvRows, download, pdfText, xlsxSheets } from './support/exports.js';
import { waitFor } from './support/faults.js';
import { movement, TestApp } from './support/test-app.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

describe('anticipation: predicted waits, silent sites, expected peaks (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    // One refit at start (waited for below), none during the test: the forecasts are the ones the test stores.
    app = await TestApp.start(undefined, { SITE_SILENT_MINUTES: '30', FORECAST_REFIT_MS: String(24 * 3_600_000) });
    coordinator = await app.login('coordinator');
    await app.get(ForecastService).firstRefitSettled();
  });
  afterAll(() => app.close());

  const active = async (rule: string, siteId: string) =>
    (await app.request('GET', `/api/alerts?active=true&siteId=${siteId}`, { token: coordinator })).body.filter((a: { rule: string }) => a.rule === rule);

  const post = async (movements: Record<string, unknown>[]) => {
    const res = await app.request('POST', '/api/movements', { token: coordinator, body: { movements: movements.map((m) => movement(m)) } });
    expect(res.status).toBe(200);
  };

  const sweep = (now = new Date()) => app.get(AlertsSweeper).sweep(now);

  const holdingOf = async (siteId: string) => {
    const snapshot = (await app.request('GET', '/api/live/snapshot', { token: coordinator })).body;
    return snapshot.sites.find((s: { siteId: string }) => s.siteId === siteId).holding;
  };

  it('should predict a holding area wait from the vehicles waiting and the departures of the last hour, in the snapshot and the live event', async () => {
    const report = () =>
      app.request('POST', '/api/holding-areas/bab-mellilia/reports', {
        token: coordinator,
        body: { id: randomUUID(), vehiclesWaiting: 300, estimatedWaitMinutes: 240, reportedAt: new Date().toISOString() },
      });
    expect((await report()).status).toBe(201);
    // Nothing went through yet: no rate to go on.
    expect(await holdingOf('bab-mellilia')).toMatchObject({ vehiclesWaiting: 300, estimatedWaitMinutes: 240, predictedWaitMinutes: null });

    // 60 vehicles left in the last hour (one a minute); arrivals and older departures are not the queue's throughput.
    await post([
      { siteId: 'bab-mellilia', direction: 'departure', people: 240, vehicles: 60, occurredAt: new Date(Date.now() - 10 * MINUTE_MS).toISOString() },
      { siteId: 'bab-mellilia', direction: 'arrival', people: 400, vehicles: 100, occurredAt: new Date(Date.now() - 10 * MINUTE_MS).toISOString() },
      { siteId: 'bab-mellilia', direction: 'departure', people: 400, vehicles: 100, occurredAt: new Date(Date.now() - 3 * 3_600_000).toISOString() },
    ]);
    const { socket } = await app.connect(coordinator);
    const event = new Promise<HoldingEvent>((resolve) => socket.on('holding', (e) => e.siteId === 'bab-mellilia' && resolve(e)));
    const answer = await report();
    // 300 waiting at about one vehicle a minute; the window is the live "last hour" (55 to 60 minutes of buckets).
    expect(answer.body.predictedWaitMinutes).toBeGreaterThanOrEqual(275);
    expect(answer.body.predictedWaitMinutes).toBeLessThanOrEqual(300);
    expect((await event).predictedWaitMinutes).toBe(answer.body.predictedWaitMinutes);
    const holding = await holdingOf('bab-mellilia');
    expect(holding.estimatedWaitMinutes).toBe(240);
    expect(holding.predictedWaitMinutes).toBeGreaterThanOrEqual(275);
    expect(holding.predictedWaitMinutes).toBeLessThanOrEqual(300);
  });

  it('should raise site_silent for a site normally busy at this hour that sent nothing, and clear it when it sends again', async () => {
    const now = new Date();
    // A week of history: Jebha saw 50 people 10 minutes before this time of day on each of the last 7 days.
    await post(
      Array.from({ length: 7 }, (_, k) => ({
        siteId: 'jebha',
        mode: 'bus',
        people: 50,
        vehicles: 1,
        occurredAt: new Date(now.getTime() - (k + 1) * DAY_MS - 10 * MINUTE_MS).toISOString(),
      })),
    );
    await sweep(now);
    expect(await active('site_silent', 'jebha')).toMatchObject([{ level: 'warning', subject: 'site_silent', details: { expectedPeople: 50, minutes: 30 } }]);
    // A second sweep keeps the one alert.
    await sweep(now);
    expect(await active('site_silent', 'jebha')).toHaveLength(1);

    const { socket } = await app.connect(coordinator);
    const cleared = new Promise<{ clearedAt: string | null }>((resolve) => socket.on('alert', (e) => e.alert.rule === 'site_silent' && e.alert.siteId === 'jebha' && resolve(e.alert)));
    await post([{ siteId: 'jebha', people: 4, vehicles: 1 }]);
    expect((await cleared).clearedAt).not.toBeNull();
    expect(await active('site_silent', 'jebha')).toHaveLength(0);
    await sweep(new Date());
    expect(await active('site_silent', 'jebha')).toHaveLength(0);
  });

  it('should never raise site_silent for a site with no history at this hour, nor for one busy only once', async () => {
    const now = new Date();
    // Al Hoceima: one busy day in the week is not "normally busy"; Nador: history at another hour only.
    await post([
      { siteId: 'al-hoceima', mode: 'bus', people: 900, vehicles: 18, occurredAt: new Date(now.getTime() - 2 * DAY_MS - 5 * MINUTE_MS).toISOString() },
      ...Array.from({ length: 7 }, (_, k) => ({
        siteId: 'nador',
        mode: 'bus',
        people: 200,
        vehicles: 4,
        occurredAt: new Date(now.getTime() - (k + 1) * DAY_MS - 5 * 3_600_000).toISOString(),
      })),
    ]);
    await sweep(now);
    const silent = (await app.request('GET', '/api/alerts?active=true', { token: coordinator })).body.filter((a: { rule: string }) => a.rule === 'site_silent');
    expect(silent.map((a: { siteId: string }) => a.siteId)).not.toContain('al-hoceima');
    expect(silent.map((a: { siteId: string }) => a.siteId)).not.toContain('nador');
    expect(silent.map((a: { siteId: string }) => a.siteId)).not.toContain('tanger-med');
  });

  describe('peak_expected', () => {
    const HOUR_MS = 3_600_000;
    /** Stores a forecast of Al Hoceïma (threshold 600 people an hour) from the next hour: `people` per coming hour, split over both directions. */
    const storeForecast = (now: Date, people: Record<number, number>) => {
      const figure = (n: number) => ({ expected: n / 2, low: n / 3, high: n });
      return app.get(ForecastRepository).upsert([
        {
          siteId: 'al-hoceima',
          generatedAt: now,
          method: 'mstl-ets',
          startsAt: nextHourStart(now),
          hours: Array.from({ length: 54 }, (_, i) => ({ arrivals: figure(people[i] ?? 100), departures: figure(people[i] ?? 100) })),
        },
      ]);
    };
    const hourAhead = (now: Date, n: number) => new Date(nextHourStart(now).getTime() + n * HOUR_MS).toISOString();

    it('should be raised ahead of time naming the hour and the expected people, turn critical, and clear when the forecast drops', async () => {
      const now = new Date();
      await storeForecast(now, { 2: 700 });
      const { socket } = await app.connect(coordinator);
      const events: AlertView[] = [];
      socket.on('alert', (e) => e.alert.rule === 'peak_expected' && e.alert.siteId === 'al-hoceima' && events.push(e.alert));
      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toMatchObject([
        { level: 'warning', subject: 'peak_expected', details: { hour: hourAhead(now, 2), expectedPeople: 700, hourlyThresholdPeople: 600 } },
      ]);
      const [warning] = await active('peak_expected', 'al-hoceima');
      expect((await app.request('POST', `/api/alerts/${warning.id}/ack`, { token: coordinator })).status).toBe(200);

      // 900 = 1.5 × 600 at hour 3: critical, named by that hour, and acknowledged anew.
      await storeForecast(now, { 2: 700, 3: 900 });
      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toMatchObject([
        { id: warning.id, level: 'critical', acknowledgedAt: null, details: { hour: hourAhead(now, 3), expectedPeople: 900 } },
      ]);

      await storeForecast(now, { 2: 500 });
      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toHaveLength(0);
      // Raised, acknowledged, turned critical, cleared: each change reached the console live.
      await waitFor('four live alert events', () => events.length >= 4, 5_000, 20);
      expect(events.map((e) => [e.level, e.acknowledgedAt !== null, e.clearedAt !== null])).toEqual([
        ['warning', false, false],
        ['warning', true, false],
        ['critical', false, false],
        ['critical', false, true],
      ]);
    });

    it('should clear once the hour has passed, and follow a changed threshold at the next sweep', async () => {
      const now = new Date();
      await storeForecast(now, { 1: 800 });
      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toMatchObject([{ level: 'warning', details: { hour: hourAhead(now, 1) } }]);
      // Two hours on, that hour is behind: nothing ahead crosses the threshold.
      await sweep(new Date(now.getTime() + 2 * HOUR_MS));
      expect(await active('peak_expected', 'al-hoceima')).toHaveLength(0);

      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toHaveLength(1);
      const admin = await app.login('admin');
      expect((await app.request('PATCH', '/api/sites/al-hoceima', { token: admin, body: { hourlyThresholdPeople: 1000 } })).status).toBe(200);
      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toHaveLength(0);
      expect((await app.request('PATCH', '/api/sites/al-hoceima', { token: admin, body: { hourlyThresholdPeople: 500 } })).status).toBe(200);
      await sweep(now);
      expect(await active('peak_expected', 'al-hoceima')).toMatchObject([{ level: 'critical', details: { expectedPeople: 800, hourlyThresholdPeople: 500 } }]);
    });
  });

  it('should give each site\'s reporting completeness per day in the season statistics and their exports', async () => {
    // Al Hoceïma in July 2024 (UTC+1): 8:00–11:00 local on the 1st and 2nd, 8:00–9:00 and 23:00 on the 3rd.
    const at = (day: string, hours: number[]) => hours.map((h) => ({ siteId: 'al-hoceima', occurredAt: new Date(`${day}T${String(h - 1).padStart(2, '0')}:30:00Z`).toISOString() }));
    await post([...at('2024-07-01', [8, 9, 10, 11]), ...at('2024-07-02', [8, 9, 10, 11]), ...at('2024-07-03', [8, 9, 23])]);
    const supervisor = await app.login('supervisor');
    const query = 'siteId=al-hoceima&from=2024-07-01&to=2024-07-04';
    const stats = (await app.request('GET', `/api/stats/season/2024?${query}`, { token: supervisor })).body;
    // 8–11 are expected (on 2 or 3 of the 3 reporting days); 23 (1 of 3) is not.
    expect(stats.completeness).toEqual([
      {
        siteId: 'al-hoceima',
        hoursWithData: 10,
        hoursExpected: 16,
        days: [
          { date: '2024-07-01', hoursWithData: 4, hoursExpected: 4 },
          { date: '2024-07-02', hoursWithData: 4, hoursExpected: 4 },
          { date: '2024-07-03', hoursWithData: 2, hoursExpected: 4 },
          { date: '2024-07-04', hoursWithData: 0, hoursExpected: 4 },
        ],
      },
    ]);

    const csv = csvRows((await download(app.baseUrl, `/api/stats/season/2024/export.csv?${query}&lang=en`, supervisor)).body);
    expect(csv).toContainEqual(['Reporting completeness', 'Al Hoceima', 'Hours with data', '10']);
    expect(csv).toContainEqual(['Reporting completeness', 'Al Hoceima', 'Completeness (%)', '62.5']);
    expect(csv).toContainEqual(['Completeness by day', 'Al Hoceima — 2024-07-03', 'Hours with data', '2']);
    const sheets = await xlsxSheets((await download(app.baseUrl, `/api/stats/season/2024/export.xlsx?${query}&lang=en`, supervisor)).body);
    expect(sheets.get('Completeness by day')).toContainEqual(['Al Hoceima', '2024-07-04', 0, 4]);
    const pdf = await pdfText((await download(app.baseUrl, `/api/stats/season/2024/export.pdf?${query}&lang=en`, supervisor)).body);
    expect(pdf).toContain('Reporting completeness');
    expect(pdf).toContain('62.5');
  });
});
