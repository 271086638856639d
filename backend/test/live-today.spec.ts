import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { LiveService } from '../src/modules/live/live.service.js';
import { movement, TestApp } from './support/test-app.js';

/** A summer afternoon of the 2024 edition: Casablanca is at UTC+1, so 14:02 UTC is 15:02 local. */
const NOW = new Date('2024-08-28T14:02:00Z');
const coordinatorUser = { id: 'c', username: 'coordinator', role: 'coordinator' as const, siteIds: [] };

describe('GET /api/live/today and /api/live/map-config (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start(undefined, { TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', TILE_ATTRIBUTION: '© example' });
    coordinator = await app.login('coordinator');
    const movements = [
      movement({ siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 4, vehicles: 1, occurredAt: '2024-08-28T09:10:00Z' }),
      movement({ siteId: 'mediterranee', direction: 'departure', mode: 'bus', people: 50, vehicles: 1, occurredAt: '2024-08-28T13:55:00Z' }),
      movement({ siteId: 'jebha', direction: 'arrival', mode: 'minibus', people: 12, vehicles: 1, occurredAt: '2024-08-28T13:30:00Z' }),
      // 23:30 local on the 27th: neither today nor the last hour.
      movement({ siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 5, vehicles: 1, occurredAt: '2024-08-27T22:30:00Z' }),
      // The same day of the 2023 edition: before and after the same time of day (15:02 local).
      movement({ siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 3, vehicles: 1, occurredAt: '2023-08-28T08:00:00Z' }),
      movement({ siteId: 'tanger-med', direction: 'departure', mode: 'car', people: 7, vehicles: 1, occurredAt: '2023-08-28T20:00:00Z' }),
    ];
    const res = await app.request('POST', '/api/movements', { token: coordinator, body: { movements } });
    expect(res.body).toEqual({ accepted: 6, duplicates: 0 });
  });
  afterAll(() => app.close());

  it('should add the five-minute buckets into local hours, by direction and by mode', async () => {
    const sut = app.get(LiveService);
    const today = await sut.today(coordinatorUser, {}, NOW);
    expect(today.day).toBe('2024-08-28');
    expect(today.hours).toHaveLength(24);
    expect(today.hours[0]).toMatchObject({ hour: 0, start: '2024-08-27T23:00:00.000Z' });
    expect(today.hours[10].arrivals).toEqual({ people: 4, vehicles: 1 });
    // The whole scope adds up its crossings only (DESIGN.md, "Totals"): the rest areas' buses are apart.
    expect(today.hours[14]).toMatchObject({ hour: 14, arrivals: { people: 0, vehicles: 0 }, departures: { people: 0, vehicles: 0 } });
    expect(today.hours.reduce((sum, h) => sum + h.arrivals.people, 0)).toBe(4);
    expect(today.byMode.today).toEqual({ arrival: { car: { people: 4, vehicles: 1 } }, departure: {} });
    expect(today.byMode.lastHour).toEqual({ arrival: {}, departure: {} });
  });

  it('should show the traffic of a rest area hour by hour when narrowed to it', async () => {
    const sut = app.get(LiveService);
    const rest = await sut.today(coordinatorUser, { siteId: 'mediterranee' }, NOW);
    expect(rest.hours[14]).toMatchObject({ hour: 14, arrivals: { people: 0, vehicles: 0 }, departures: { people: 50, vehicles: 1 } });
    expect(rest.byMode.lastHour).toEqual({ arrival: {}, departure: { bus: { people: 50, vehicles: 1 } } });
  });

  it('should list bus staging at every rest area, zero where no bus stopped', async () => {
    const today = await app.get(LiveService).today(coordinatorUser, {}, NOW);
    expect(today.busStaging).toEqual([
      { siteId: 'jebha', passengers: 12, buses: 0, minibuses: 1 },
      { siteId: 'mediterranee', passengers: 50, buses: 1, minibuses: 0 },
      { siteId: 'smir-mdiq', passengers: 0, buses: 0, minibuses: 0 },
      { siteId: 'tazaghine', passengers: 0, buses: 0, minibuses: 0 },
    ]);
  });

  it('should compare with the same day of the previous edition, up to the same time and for the whole day', async () => {
    const today = await app.get(LiveService).today(coordinatorUser, {}, NOW);
    expect(today.previous).toMatchObject({
      year: 2023,
      day: '2023-08-28',
      sameTime: { arrivals: { people: 3, vehicles: 1 }, departures: { people: 0, vehicles: 0 } },
      wholeDay: { arrivals: { people: 3, vehicles: 1 }, departures: { people: 7, vehicles: 1 } },
    });
    expect(today.previous!.hours[21].departures.people).toBe(7);
  });

  it('should narrow to one site, and keep an assistant to its own', async () => {
    const sut = app.get(LiveService);
    const site = await sut.today(coordinatorUser, { siteId: 'tanger-med' }, NOW);
    expect(site.siteId).toBe('tanger-med');
    expect(site.byMode.today).toEqual({ arrival: { car: { people: 4, vehicles: 1 } }, departure: {} });
    expect(site.busStaging).toEqual([]);
    const assistant = await app.login('assistant-jebha');
    expect((await app.request('GET', '/api/live/today?siteId=tanger-med', { token: assistant })).status).toBe(403);
    const own = await app.request('GET', '/api/live/today', { token: assistant });
    expect(own.status).toBe(200);
    expect(own.body.busStaging.map((b: { siteId: string }) => b.siteId)).toEqual(['jebha']);
  });

  it('should answer over HTTP for the current day, and refuse bad queries with a clear 4xx', async () => {
    const res = await app.request('GET', '/api/live/today', { token: coordinator });
    expect(res.status).toBe(200);
    expect(res.body.hours.length).toBeGreaterThanOrEqual(23);
    // Today is after every edition of the reference data: the previous one is the latest, 2025.
    expect(res.body.previous).toMatchObject({ year: 2025 });
    expect((await app.request('GET', '/api/live/today')).status).toBe(401);
    const unknownField = await app.request('GET', '/api/live/today?site=nador', { token: coordinator });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain('site');
    expect((await app.request('GET', '/api/live/today?siteId=Nador!', { token: coordinator })).status).toBe(400);
    expect((await app.request('GET', '/api/live/today?siteId=atlantis', { token: coordinator })).body).toMatchObject({ statusCode: 404, message: 'unknown site atlantis' });
  });

  it('should give the map configuration to signed-in users only', async () => {
    expect((await app.request('GET', '/api/live/map-config', { token: coordinator })).body).toEqual({
      tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
      tileAttribution: '© example',
    });
    expect((await app.request('GET', '/api/live/map-config')).status).toBe(401);
  });
});
