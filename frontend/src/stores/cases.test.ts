import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseView } from '@marhaba/shared';
import { useCasesStore } from './cases';

function aCase(overrides: Partial<CaseView> = {}): CaseView {
  return {
    id: 'c1', siteId: 'nador', category: 'customs', subcategory: null, priority: 'high', status: 'escalated', beneficiary: null, summary: null, assignee: null,
    openedAt: '2024-08-28T14:00:00Z', escalatedAt: '2024-08-28T14:10:00Z', resolvedAt: null, createdAt: '2024-08-28T14:00:00Z', updatedAt: '2024-08-28T14:10:00Z', version: 3, ...overrides,
  };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('useCasesStore', () => {
  let sut: ReturnType<typeof useCasesStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    sut = useCasesStore();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('should keep live cases that match the filters, newest first, and drop those that stop matching', () => {
    sut.filters.status = 'escalated';
    sut.upsert(aCase({ id: 'old', openedAt: '2024-08-28T13:00:00Z' }), true);
    sut.upsert(aCase({ id: 'new', openedAt: '2024-08-28T15:00:00Z' }), true);
    sut.upsert(aCase({ id: 'open', status: 'open' }), true);
    expect(sut.items.map((c) => c.id)).toEqual(['new', 'old']);
    expect(sut.fresh.has('new')).toBe(true);
    sut.upsert(aCase({ id: 'old', status: 'resolved', version: 4 }));
    expect(sut.items.map((c) => c.id)).toEqual(['new']);
  });

  it('should never go back to an older version of a case', () => {
    sut.upsert(aCase({ version: 5, assignee: 'coordinator' }));
    sut.upsert(aCase({ version: 4 }));
    expect(sut.items[0].assignee).toBe('coordinator');
  });

  it('should resolve with the version it saw, and reload the case on a 409', async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(json({ statusCode: 409, error: 'Conflict', message: 'stale version' }, 409))
      .mockResolvedValueOnce(json(aCase({ version: 4, assignee: 'someone' })));
    vi.stubGlobal('fetch', fetch);
    sut.upsert(aCase());
    expect(await sut.resolve(sut.items[0])).toBe(false);
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toMatchObject({ version: 3, status: 'resolved' });
    expect(sut.error).toBe('conflict');
    expect(sut.items[0]).toMatchObject({ version: 4, assignee: 'someone' });
  });
});
