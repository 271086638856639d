import { describe, expect, it, jest } from '@jest/globals';
import type { AuthUser } from '@marhaba/shared';
import { LiveService } from './live.service.js';

const coordinator: AuthUser = { id: 'c', username: 'coordinator', role: 'coordinator', siteIds: [] };
const assistant: AuthUser = { id: 'a', username: 'assistant-nador', role: 'assistant', siteIds: ['nador'] };

function build() {
  const current = jest.fn(async () => ({ nador: 7 }));
  const sut = new LiveService(
    { findAll: async () => [{ id: 'nador', active: true }, { id: 'jebha', active: true }] } as never,
    { liveFigures: async () => ({ day: '2024-08-28', today: new Map(), lastHour: new Map() }), currentHolding: async () => [] } as never,
    { openCountsBySite: async () => [{ siteId: 'nador', category: 'medical', count: 2 }] } as never,
    { list: async () => [] } as never,
    { current } as never,
    {} as never,
    {} as never,
  );
  return { sut, current };
}

describe(LiveService.name, () => {
  it('should compute one snapshot for requests of the same scope arriving together', async () => {
    const { sut, current } = build();
    const snapshots = await Promise.all(Array.from({ length: 50 }, () => sut.snapshot(coordinator)));
    expect(current).toHaveBeenCalledTimes(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(snapshots[0].sites.map((s) => s.siteId)).toEqual(['nador', 'jebha']);
  });

  it('should compute apart for another scope, and scope the assistant to its site', async () => {
    const { sut, current } = build();
    const [all, own] = await Promise.all([sut.snapshot(coordinator), sut.snapshot(assistant)]);
    expect(current).toHaveBeenCalledTimes(2);
    expect(all.sites).toHaveLength(2);
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
});
