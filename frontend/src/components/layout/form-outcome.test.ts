import { describe, expect, it, vi } from 'vitest';
import { attempt } from './form-outcome';

describe('attempt', () => {
  it('should tell the form it went through, or what refused it', async () => {
    const sut = attempt;
    const form = { fail: vi.fn() };
    expect(await sut(form, async () => undefined)).toBe(true);
    expect(form.fail).toHaveBeenLastCalledWith(null);
    const refusal = new Error('refused');
    expect(await sut(form, async () => Promise.reject(refusal))).toBe(false);
    expect(form.fail).toHaveBeenLastCalledWith(refusal);
  });
});
