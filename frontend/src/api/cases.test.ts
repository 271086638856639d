import { afterEach, describe, expect, it, vi } from 'vitest';
import { listOpenCases } from './cases';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

describe('listOpenCases', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should ask for the site’s open cases only, page after page until the last', async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(json({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'next' }))
      .mockResolvedValueOnce(json({ items: [{ id: 'c' }], nextCursor: null }));
    vi.stubGlobal('fetch', fetch);
    const sut = await listOpenCases('nador');
    expect(sut.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    const urls = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console'));
    expect(urls.map((u) => Object.fromEntries(u.searchParams))).toEqual([
      { siteId: 'nador', open: 'true', limit: '200' },
      { siteId: 'nador', open: 'true', limit: '200', cursor: 'next' },
    ]);
  });
});
