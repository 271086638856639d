import { ADVISORY_LOCKS } from './advisory-locks.js';

describe('ADVISORY_LOCKS', () => {
  it('should give each job a key of its own', () => {
    const sut = Object.values(ADVISORY_LOCKS);
    expect(new Set(sut).size).toBe(sut.length);
  });
});
