import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertView, LiveSnapshot } from '@marhaba/shared';
import { i18n, setLocale } from '../../i18n';
import { useAuthStore } from '../../stores/auth';
import { useLiveStore } from '../../stores/live';
import AlertPanel from './AlertPanel.vue';

const alert: AlertView = {
  id: '5b0f6a4e-0000-4000-8000-000000000001', rule: 'holding_capacity', level: 'critical', siteId: 'nador', subject: 'holding_capacity',
  details: { vehiclesWaiting: 960, capacityVehicles: 1000 }, raisedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  acknowledgedAt: null, acknowledgedBy: null, clearedAt: null,
};

function snapshotWith(alerts: AlertView[]): LiveSnapshot {
  const zero = { arrivals: { people: 0, vehicles: 0 }, departures: { people: 0, vehicles: 0 } };
  const counts = { information: 0, administrative: 0, customs: 0, medical: 0, transport: 0 };
  return { generatedAt: new Date().toISOString(), day: '2024-08-28', seq: {}, sites: [], total: { today: zero, lastHour: zero, openCases: counts }, alerts };
}

describe('AlertPanel', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setLocale('fr');
    useAuthStore().session = { token: 't', expiresAt: Date.now() + 900_000, refreshToken: 'r', user: { id: 'u', username: 'coordinator', role: 'coordinator', siteIds: [] } };
    useLiveStore().applySnapshot(snapshotWith([alert]));
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountSut = () => mount(AlertPanel, { global: { plugins: [i18n] } });

  it('should say the level in words and figures, not only in colour', () => {
    const text = mountSut().get('[data-testid=alert]').text();
    expect(text).toContain('Critique');
    expect(text).toContain('96');
    expect(text).toContain('960 / 1.000 véhicules');
  });

  it('should acknowledge through the API and show who did', async () => {
    const fetch = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ ...alert, acknowledgedAt: new Date().toISOString(), acknowledgedBy: 'coordinator', updatedAt: new Date(Date.now() + 1000).toISOString() }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetch);
    const sut = mountSut();
    await sut.get('[data-testid=alert-ack]').trigger('click');
    await vi.waitFor(() => expect(sut.find('[data-testid=alert-acknowledged]').exists()).toBe(true));
    expect(fetch).toHaveBeenCalledWith(`/api/alerts/${alert.id}/ack`, expect.objectContaining({ method: 'POST' }));
    expect(sut.get('[data-testid=alert-acknowledged]').text()).toContain('coordinator');
    expect(sut.find('[data-testid=alert-ack]').exists()).toBe(false);
  });

  it('should not offer acknowledgement to a supervisor, who only reads', () => {
    useAuthStore().session = { token: 't', expiresAt: Date.now() + 900_000, refreshToken: 'r', user: { id: 's', username: 'supervisor', role: 'supervisor', siteIds: [] } };
    expect(mountSut().find('[data-testid=alert-ack]').exists()).toBe(false);
  });

  it('should name the hour and the people of an expected peak, and the silence of a site', () => {
    setLocale('en');
    useLiveStore().applySnapshot(
      snapshotWith([
        { ...alert, id: '5b0f6a4e-0000-4000-8000-000000000002', rule: 'peak_expected', level: 'warning', subject: 'peak_expected', details: { hour: '2024-08-28T16:00:00.000Z', expectedPeople: 1840, hourlyThresholdPeople: 1500 } },
        { ...alert, id: '5b0f6a4e-0000-4000-8000-000000000003', rule: 'site_silent', level: 'warning', subject: 'site_silent', details: { expectedPeople: 95, minutes: 45 } },
      ]),
    );
    const [peak, silent] = mountSut().findAll('[data-testid=alert]');
    expect(peak.attributes('data-rule')).toBe('peak_expected');
    // 16:00 UTC is 17:00 in Casablanca in summer.
    expect(peak.text()).toContain('Peak expected at 17:00: 1,840 people forecast (threshold 1,500 an hour)');
    expect(silent.text()).toContain('Nothing received for 45 min, when about 95 people are usual at this time');
  });
});
