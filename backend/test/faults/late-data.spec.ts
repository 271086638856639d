import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { addDays, bucketStart, lastHourStart, nextDay, operationDay, operationDayStart, operationHour, type LiveSnapshot, type SeasonStats, type TodayDetail, type TrafficEvent } from '@marhaba/shared';
import { Cluster } from '../support/cluster.js';
import { LiveMirror, reportFigures, sleep, waitFor } from '../support/faults.js';
import type { ServerProcess } from '../support/server-process.js';
import { movement, newCase, nextEvent, openLive } from '../support/test-app.js';

const SITE = 'tanger-med';
const PAST_SEASON_DAY = '2024-07-15';

describe('late and out-of-order counts (the built server as a process, real PostgreSQL)', () => {
  let cluster: Cluster;
  let server: ServerProcess;
  let coordinator: string;
  let tablet: string;
  let dashboard: LiveMirror;
  let today: string;
  let yesterday: string;

  const snapshot = async () => (await server.request('GET', '/api/live/snapshot', coordinator)).body as LiveSnapshot;
  const site = (s: LiveSnapshot) => s.sites.find((x) => x.siteId === SITE)!;
  const stats = async (day: string) => (await server.request('GET', `/api/stats/season/${day.slice(0, 4)}?from=${day}&to=${day}`, coordinator)).body as SeasonStats;
  const post = async (movements: unknown[]) => {
    const res = await server.request('POST', '/api/movements', tablet, { movements });
    expect(res).toMatchObject({ status: 200, body: { accepted: movements.length } });
  };
  /** The next traffic delta of the site that satisfies `match` (its seq moves on even when its figures do not). */
  const nextDelta = (match: (e: TrafficEvent) => boolean = () => true) => nextEvent(dashboard.socket, 'traffic', (e) => e.siteId === SITE && match(e), 10_000) as Promise<TrafficEvent>;

  beforeAll(async () => {
    // Not across local midnight: "today" must stay one day for the length of the file.
    const toMidnight = operationDayStart(nextDay(operationDay(new Date()))).getTime() - Date.now();
    if (toMidnight < 120_000) await sleep(toMidnight + 1_000);
    cluster = await Cluster.start();
    [server] = cluster.instances;
    today = operationDay(new Date());
    yesterday = addDays(today, -1);
    // A season in progress: an edition for the calendar year of today (and of yesterday, on 1 January).
    for (const year of new Set([today.slice(0, 4), yesterday.slice(0, 4)])) {
      await cluster.query('INSERT INTO editions (year, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING', [Number(year), `${year}-01-01`, `${year}-12-31`]);
      // With every site: a site outside an edition does not count in its statistics.
      await cluster.query('INSERT INTO edition_sites (year, site_id) SELECT $1, id FROM sites ON CONFLICT DO NOTHING', [Number(year)]);
    }
    coordinator = await server.login('coordinator');
    tablet = await server.login(`assistant-${SITE}`);
    dashboard = new LiveMirror(openLive(server.baseUrl, coordinator).socket);
    await waitFor('the dashboard to take its snapshot', () => dashboard.ready, 30_000);
  });
  afterAll(async () => {
    dashboard?.socket.disconnect();
    await cluster?.stop();
  });

  it('should count a movement from earlier today in today, in its hour, in the statistics and on the dashboards', async () => {
    const now = new Date();
    const before = site(await snapshot());
    // Three hours late, or as late as today allows just after midnight.
    const occurredAt = new Date(Math.max(now.getTime() - 3 * 3_600_000, operationDayStart(today).getTime() + 60_000));
    const inLastHour = bucketStart(occurredAt) >= lastHourStart(now);
    const delta = nextDelta((e) => e.today.arrivals.people === before.today.arrivals.people + 7);
    await post([movement({ siteId: SITE, people: 7, vehicles: 1, occurredAt: occurredAt.toISOString() })]);

    const event = await delta;
    expect(event.today.arrivals).toEqual({ people: before.today.arrivals.people + 7, vehicles: before.today.arrivals.vehicles + 1 });
    expect(event.lastHour.arrivals.people).toBe(before.lastHour.arrivals.people + (inLastHour ? 7 : 0));
    const after = await snapshot();
    expect(site(after).today).toEqual(event.today);
    await waitFor('the dashboard to show the late count', () => dashboard.shows(after), 10_000);
    const detail = (await server.request('GET', `/api/live/today?siteId=${SITE}`, coordinator)).body as TodayDetail;
    expect(detail.hours[operationHour(occurredAt)].arrivals.people).toBe(7);
    const day = await stats(today);
    expect(day.daily).toEqual([{ date: today, arrivals: 7, departures: 0 }]);
    expect(day.arrivals.people).toBe(7);
    reportFigures('late-data-today', { late_by_min: Math.round((now.getTime() - occurredAt.getTime()) / 60_000), live_today_delta: event.today.arrivals.people - before.today.arrivals.people, stats_today: day.arrivals.people });
  });

  it('should count movements and a case from yesterday and from a past day of the season on their day, leaving today alone', async () => {
    const before = await snapshot();
    const lateYesterday = new Date(operationDayStart(today).getTime() - 2 * 3_600_000); // 22:00 local yesterday
    const pastSeason = new Date(`${PAST_SEASON_DAY}T10:00:00Z`);
    const delta = nextDelta();
    // One batch, out of order: the oldest last.
    await post([
      movement({ siteId: SITE, people: 5, vehicles: 1, occurredAt: lateYesterday.toISOString() }),
      movement({ siteId: SITE, direction: 'departure', people: 9, vehicles: 1, occurredAt: pastSeason.toISOString() }),
    ]);
    const c = newCase({ siteId: SITE, category: 'medical', openedAt: lateYesterday.toISOString() });
    expect((await server.request('POST', '/api/cases', tablet, c)).status).toBe(201);

    // The live picture of today does not move: the delta that went out carries today's figures as they were.
    const event = await delta;
    expect({ today: event.today, lastHour: event.lastHour }).toEqual({ today: site(before).today, lastHour: site(before).lastHour });
    const after = await snapshot();
    expect(site(after).today).toEqual(site(before).today);
    // An open case is open whatever the day it was opened.
    expect(site(after).openCases.medical).toBe(site(before).openCases.medical + 1);
    await waitFor('the dashboard to show the same figures as a fresh snapshot', () => dashboard.shows(after), 10_000);

    const [onYesterday, onToday, onPastDay] = await Promise.all([stats(yesterday), stats(today), stats(PAST_SEASON_DAY)]);
    expect(onYesterday.daily).toEqual([{ date: yesterday, arrivals: 5, departures: 0 }]);
    expect(onYesterday.assistance.byCategory.medical).toBe(1);
    expect(onToday.daily).toEqual([{ date: today, arrivals: 7, departures: 0 }]);
    expect(onToday.assistance.total).toBe(0);
    expect(onPastDay.daily).toEqual([{ date: PAST_SEASON_DAY, arrivals: 0, departures: 9 }]);
    const season2024 = (await server.request('GET', '/api/stats/season/2024', coordinator)).body as SeasonStats;
    expect(season2024.departures.people).toBe(9);
    expect(season2024.peaks.departures).toEqual({ date: PAST_SEASON_DAY, people: 9 });
    reportFigures('late-data-past-days', {
      live_today_change: site(after).today.arrivals.people - site(before).today.arrivals.people,
      stats_yesterday: onYesterday.daily[0].arrivals,
      stats_2024_07_15: onPastDay.daily[0].departures,
      stats_today: onToday.daily[0].arrivals,
    });
  });
});
