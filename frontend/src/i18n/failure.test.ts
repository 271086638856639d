import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import { z } from 'zod';
import { fallbackCode, HttpError } from '../api/http';
import { failureOf, type Failure } from './failure';
import { i18n, setLocale, useLocaleFormat } from '.';

/** The words `useLocaleFormat().failure` gives, in a language. */
function worded(f: Failure, locale: 'fr' | 'en'): string {
  setLocale(locale);
  const Probe = defineComponent({ setup: () => ({ format: useLocaleFormat(), f }), template: '<p>{{ format.failure(f) }}</p>' });
  return mount(Probe, { global: { plugins: [i18n] } }).text();
}

describe('failureOf', () => {
  it('should keep the server’s code and take its text as the detail', () => {
    const sut = failureOf(new HttpError(409, { statusCode: 409, error: 'Conflict', code: 'stale_version', message: 'stale version' }));
    expect(sut).toEqual({ code: 'stale_version', detail: 'stale version' });
  });

  it('should call a form the contract refuses invalid input, naming the field', () => {
    const parsed = z.strictObject({ people: z.int().min(0) }).safeParse({ people: -1 });
    expect(failureOf(parsed.error)).toMatchObject({ code: 'invalid_input', detail: expect.stringContaining('people') });
  });

  it('should call anything else an unexpected error, with its message', () => {
    expect(failureOf(new Error('the outbox is not open'))).toEqual({ code: 'internal', detail: 'the outbox is not open' });
  });

  it('should give a refusal without a known code the one of its status', () => {
    expect([0, 401, 403, 404, 409, 413, 429, 400, 422, 503].map(fallbackCode)).toEqual([
      'unavailable', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'rate_limited', 'invalid_input', 'invalid_input', 'unavailable',
    ]);
  });

  it('should word the code in the chosen language, with the server’s text as the detail', () => {
    const f: Failure = { code: 'forbidden', detail: 'not your site' };
    expect(worded(f, 'fr')).toBe('Action non autorisée pour votre rôle ou votre site. (not your site)');
    expect(worded(f, 'en')).toBe('Not allowed for your role or site. (not your site)');
    expect(worded({ code: 'internal', detail: '' }, 'en')).toBe('Unexpected error.');
  });
});
