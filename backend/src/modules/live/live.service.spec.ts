import { describe, expect, it, jest } from '@jest/globals';
import type { AuthUser, TrafficFigures } from '@marhaba/shared';
import { LiveService } from './live.service.js';

const coordinator: AuthUser = { id: 'c', username: 'coordinator', role: 'coordinator', siteIds: [] };
const assistant: AuthUser = { id: 'a', username: 'assistant-nador', role: 'assistant', siteIds: ['nador'] };

const figures = (people: number): TrafficFigures => ({ arrivals: { people, vehicles: 1 }, departures: { people: 0, vehicles: 0 } });

function build(today = new Map<string, TrafficFigures>()) {
  const current = jest.fn(async () => ({ nador: 7 }));
  const sut = new LiveService(
    {
      list: async () => [
        { id: 'nador', kind: 'port', country: 'MA', active: true },
        { id: 'jebha', kind: 'port', country: 'MA', active: true },
        { id: 'aire-kenitra', kind: 'rest_area', country: 'MA', active: true },
        { id: 'algeciras', kind: 'port', country: 'ES', active: true },
      ],
    } as never,
    { liveFigures: async () => ({ day: '2024-08-28', today, lastHour: new Map() }), currentHolding: async () => [] } as never,
    { openCountsBySite: async () => [{ siteId: 'nador', category: 'medical', count: 2 }] } as never,
    { active: async () => [] } as never,
    { current } as never,
    {} as never,
    {} as never,
    { list: async () => [] } as never,
  );
  return { sut, current };
}

describe(LiveService.name, () => {
  it('should compute one snapshot for requests of the same scope arriving together', async () => {
    const { sut, current } = build();
    const snapshots = await Promise.all(Array.from({ length: 50 }, () => sut.snapshot(coordinator)));
    expect(current).toHaveBeenCalledTimes(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(snapshots[0].sites.map((s) => s.siteId)).toEqual(['nador', 'jebha', 'aire-kenitra', 'algeciras']);
  });

  it('should compute apart for another scope, and scope the assistant to its site', async () => {
    const { sut, current } = build();
    const [all, own] = await Promise.all([sut.snapshot(coordinator), sut.snapshot(assistant)]);
    expect(current).toHaveBeenCalledTimes(2);
    expect(all.sites).toHaveLength(4);
    expect(own.sites.map((s) => s.siteId)).toEqual(['nador']);
    expect(own.seq).toEqual({ nador: 7 });
    expect(own.total.openCases.medical).toBe(2);
  });

  it('should start a new computation for requests after the previous one began', async () => {
    const { sut, current } = build();
    await sut.snapshot(coordinator);
    await sut.snapshot(coordinator);
    expect(current).toHaveBeenCalledTimes(2);
  });

  it('should total the crossings only, and keep rest areas and ports abroad per site', async () => {
    const { sut } = build(new Map([['nador', figures(10)], ['jebha', figures(5)], ['aire-kenitra', figures(100)], ['algeciras', figures(1000)]]));
    const snapshot = await sut.snapshot(coordinator);
    expect(snapshot.total.today).toEqual({ arrivals: { people: 15, vehicles: 2 }, departures: { people: 0, vehicles: 0 } });
    expect(snapshot.sites.find((s) => s.siteId === 'aire-kenitra')?.today).toEqual(figures(100));
    expect(snapshot.sites.find((s) => s.siteId === 'algeciras')?.today).toEqual(figures(1000));
  });
});
