import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AlertsSweeper } from '../src/modules/alerts/alerts.sweeper.js';
import { movement, newCase, TestApp } from './support/test-app.js';

describe('alerts on committed data (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start(undefined, { CASE_UNATTENDED_MINUTES: '5' });
    coordinator = await app.login('coordinator');
  });
  afterAll(() => app.close());

  const active = async (rule: string, siteId: string) =>
    (await app.request('GET', `/api/alerts?active=true&siteId=${siteId}`, { token: coordinator })).body.filter((a: { rule: string }) => a.rule === rule);

  const report = (siteId: string, vehiclesWaiting: number, minutesAgo: number) =>
    app.request('POST', `/api/holding-areas/${siteId}/reports`, {
      token: coordinator,
      body: { id: randomUUID(), vehiclesWaiting, estimatedWaitMinutes: 120, reportedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() },
    });

  it('should warn at 80 % of a holding area, turn critical at 95 %, and clear below', async () => {
    await report('bab-sebta', 959, 30); // 79.9 % of 1,200
    expect(await active('holding_capacity', 'bab-sebta')).toHaveLength(0);
    await report('bab-sebta', 960, 20); // 80 %
    expect(await active('holding_capacity', 'bab-sebta')).toMatchObject([{ level: 'warning', details: { vehiclesWaiting: 960, capacityVehicles: 1200 } }]);
    const [warning] = await active('holding_capacity', 'bab-sebta');
    const ack = await app.request('POST', `/api/alerts/${warning.id}/ack`, { token: coordinator });
    expect(ack.body).toMatchObject({ acknowledgedBy: 'coordinator' });
    await report('bab-sebta', 1140, 10); // 95 %: critical asks for a new acknowledgement
    expect(await active('holding_capacity', 'bab-sebta')).toMatchObject([{ id: warning.id, level: 'critical', acknowledgedAt: null }]);
    await report('bab-sebta', 1000, 60); // late report: kept, but not the current occupancy
    expect(await active('holding_capacity', 'bab-sebta')).toMatchObject([{ level: 'critical' }]);
    await report('bab-sebta', 300, 1);
    expect(await active('holding_capacity', 'bab-sebta')).toHaveLength(0);
    const all = (await app.request('GET', '/api/alerts?siteId=bab-sebta', { token: coordinator })).body;
    expect(all[0].clearedAt).not.toBeNull();
  });

  it('should raise a critical medical alert when such a case opens and clear it when resolved', async () => {
    const c = newCase({ siteId: 'tanger-med', category: 'medical', subcategory: 'emergency', priority: 'critical' });
    await app.request('POST', '/api/cases', { token: coordinator, body: c });
    expect(await active('critical_medical', 'tanger-med')).toMatchObject([{ level: 'critical', subject: c.id }]);
    await app.request('PATCH', `/api/cases/${c.id}`, { token: coordinator, body: { version: 1, status: 'resolved' } });
    expect(await active('critical_medical', 'tanger-med')).toHaveLength(0);
  });

  it('should raise a traffic surge over the hourly threshold, and clear it in the sweep once the hour has passed', async () => {
    // Jebha's threshold is 300 people an hour.
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [movement({ siteId: 'jebha', mode: 'bus', people: 250, vehicles: 5 })] } });
    expect(await active('traffic_surge', 'jebha')).toHaveLength(0);
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [movement({ siteId: 'jebha', mode: 'bus', people: 100, vehicles: 2 })] } });
    expect(await active('traffic_surge', 'jebha')).toMatchObject([{ level: 'warning', details: { peopleLastHour: 350, hourlyThresholdPeople: 300 } }]);
    await app.get(AlertsSweeper).sweep(new Date(Date.now() + 2 * 3_600_000));
    expect(await active('traffic_surge', 'jebha')).toHaveLength(0);
  });

  it('should flag a case left open too long, and clear the flag once someone takes it', async () => {
    const c = newCase({ siteId: 'smir-mdiq', openedAt: new Date(Date.now() - 6 * 60_000).toISOString() });
    await app.request('POST', '/api/cases', { token: coordinator, body: c });
    await app.get(AlertsSweeper).sweep(new Date());
    expect(await active('case_unattended', 'smir-mdiq')).toMatchObject([{ subject: c.id, level: 'warning' }]);
    await app.get(AlertsSweeper).sweep(new Date());
    expect(await active('case_unattended', 'smir-mdiq')).toHaveLength(1);
    await app.request('PATCH', `/api/cases/${c.id}`, { token: coordinator, body: { version: 1, status: 'in_progress' } });
    expect(await active('case_unattended', 'smir-mdiq')).toHaveLength(0);
  });

  it('should watch only recent cases of the edition in progress, not every open case ever replayed', async () => {
    const replayed = newCase({ siteId: 'jebha', openedAt: '2024-07-20T10:00:00Z' }); // a past season, left open by the replay
    const lastWeek = newCase({ siteId: 'jebha', openedAt: new Date(Date.now() - 7 * 24 * 3_600_000).toISOString() });
    const recent = newCase({ siteId: 'jebha', openedAt: new Date(Date.now() - 6 * 60_000).toISOString() });
    for (const c of [replayed, lastWeek, recent]) expect((await app.request('POST', '/api/cases', { token: coordinator, body: c })).status).toBe(201);
    await app.get(AlertsSweeper).sweep(new Date());
    expect((await active('case_unattended', 'jebha')).map((a: { subject: string }) => a.subject)).toEqual([recent.id]);
    // In season (2024-07-20, 11:00): the replayed case is the edition's and recent, so it is watched then.
    await app.get(AlertsSweeper).sweep(new Date('2024-07-20T11:00:00Z'));
    expect((await active('case_unattended', 'jebha')).map((a: { subject: string }) => a.subject).sort()).toEqual([recent.id, replayed.id].sort());
  });

  it('should keep acknowledgements to coordinators and answer 404 for unknown alerts', async () => {
    const supervisor = await app.login('supervisor');
    const assistant = await app.login('assistant-tanger-med');
    const id = randomUUID();
    expect((await app.request('POST', `/api/alerts/${id}/ack`, { token: coordinator })).status).toBe(404);
    expect((await app.request('POST', `/api/alerts/${id}/ack`, { token: supervisor })).status).toBe(403);
    expect((await app.request('POST', `/api/alerts/${id}/ack`, { token: assistant })).status).toBe(403);
    expect((await app.request('POST', '/api/alerts/not-a-uuid/ack', { token: coordinator })).status).toBe(400);
    expect((await app.request('GET', '/api/alerts?active=maybe', { token: coordinator })).status).toBe(400);
  });
});
