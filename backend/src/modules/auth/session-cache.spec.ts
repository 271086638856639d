import { SessionCache, type LiveSession } from './session-cache.js';

describe(SessionCache.name, () => {
  let now: number;
  let maxAge: number;
  let sut: SessionCache;
  let loads: number;
  const live = (userId = 'u1', endsAt = 1_000_000): (() => Promise<LiveSession | null>) => () => {
    loads++;
    return Promise.resolve({ userId, endsAt });
  };

  beforeEach(() => {
    now = 0;
    maxAge = 1_000;
    loads = 0;
    sut = new SessionCache(() => maxAge, 2, () => now);
  });

  it('should answer a session checked within the maximum age from memory', async () => {
    expect(await sut.isLive('s1', live())).toBe(true);
    now = 999;
    expect(await sut.isLive('s1', live())).toBe(true);
    expect(loads).toBe(1);
  });

  it('should check again once the maximum age has passed, with the age read at each check', async () => {
    await sut.isLive('s1', live());
    maxAge = 10; // Redis went away
    now = 10;
    expect(await sut.isLive('s1', () => Promise.resolve(null))).toBe(false);
    expect(await sut.isLive('s1', live())).toBe(true);
    expect(loads).toBe(2);
  });

  it('should never trust a session past its end', async () => {
    await sut.isLive('s1', live('u1', 500));
    now = 500;
    expect(await sut.isLive('s1', () => Promise.resolve(null))).toBe(false);
  });

  it('should forget a revoked session, and every session of a revoked user', async () => {
    await sut.isLive('s1', live('u1'));
    await sut.isLive('s2', live('u2'));
    sut.forgetSession('s1');
    sut.forgetUser('u2');
    expect(await sut.isLive('s1', () => Promise.resolve(null))).toBe(false);
    expect(await sut.isLive('s2', () => Promise.resolve(null))).toBe(false);
  });

  it('should not remember a check that was in flight when a revocation arrived', async () => {
    let answer!: (session: LiveSession) => void;
    const checking = sut.isLive('s1', () => new Promise((resolve) => (answer = resolve)));
    sut.forgetSession('s1');
    answer({ userId: 'u1', endsAt: 1_000_000 });
    expect(await checking).toBe(true);
    expect(await sut.isLive('s1', () => Promise.resolve(null))).toBe(false);
  });

  it('should drop the entry checked longest ago beyond its capacity', async () => {
    await sut.isLive('s1', live());
    await sut.isLive('s2', live());
    await sut.isLive('s3', live());
    expect(loads).toBe(3);
    await sut.isLive('s3', live());
    await sut.isLive('s2', live());
    expect(loads).toBe(3);
    await sut.isLive('s1', live());
    expect(loads).toBe(4);
  });
});
