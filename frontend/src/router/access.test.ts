import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@marhaba/shared';
import { guard, homeFor } from './access';

const page = (name: string, meta: Record<string, unknown> = {}, fullPath = `/${name}`) => ({ name, meta, fullPath });
const stats = page('stats', { roles: PERMISSIONS.readSeasonStats }, '/stats?year=2023');

describe('guard', () => {
  it('should land supervisors on the statistics, assistants in the tablet app, the others in the console', () => {
    expect(homeFor('supervisor')).toEqual({ name: 'stats' });
    expect(homeFor('assistant')).toEqual({ name: 'site-app' });
    for (const role of ['coordinator', 'admin'] as const) expect(homeFor(role)).toEqual({ name: 'console' });
    expect(guard(page('login', { public: true }), 'supervisor')).toEqual({ name: 'stats' });
    expect(guard(page('login', { public: true }), 'coordinator')).toEqual({ name: 'console' });
  });

  it('should open the statistics to supervisors, coordinators and admins, and send assistants back to their app', () => {
    for (const role of ['supervisor', 'coordinator', 'admin'] as const) expect(guard(stats, role)).toBe(true);
    expect(guard(stats, 'assistant')).toEqual({ name: 'site-app' });
  });

  it('should ask for a sign-in first, and come back to the page asked for', () => {
    expect(guard(stats, null)).toEqual({ name: 'login', query: { redirect: '/stats?year=2023' } });
    expect(guard(page('console', {}, '/'), null)).toEqual({ name: 'login', query: {} });
    expect(guard(page('login', { public: true }), null)).toBe(true);
  });
});
