import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyCaseCounts, emptyFigures, type SiteKind, type SiteLive, type SiteView } from '@marhaba/shared';
import { i18n, setLocale } from '../../i18n';
import { useLiveStore } from '../../stores/live';
import { useSitesStore } from '../../stores/sites';
import KpiBar from './KpiBar.vue';

const reference = (id: string, kind: SiteKind, country = 'MA'): SiteView => ({
  id, name: id, names: { fr: id, ar: id, en: id }, kind, channel: 'sea', country, lat: 35, lon: -5, holdingArea: null, hourlyThresholdPeople: 1000, active: true,
});

function siteLive(siteId: string, arrivals: number): SiteLive {
  const today = emptyFigures();
  today.arrivals.people = arrivals;
  return { siteId, today, lastHour: emptyFigures(), holding: null, openCases: emptyCaseCounts() };
}

describe('KpiBar', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setLocale('fr');
    useSitesStore().list = [reference('tanger-med', 'port'), reference('aire-jorf', 'rest_area'), reference('almeria', 'port', 'ES')];
  });

  const mountSut = () => mount(KpiBar, { global: { plugins: [i18n] } });

  it('should count arrivals at the crossings only, and show rest areas and ports abroad apart', () => {
    useLiveStore().applySnapshot({
      generatedAt: '2024-08-28T14:00:00Z', day: '2024-08-28', seq: {}, alerts: [],
      sites: [siteLive('tanger-med', 4_600), siteLive('aire-jorf', 300), siteLive('almeria', 1_200)],
      total: { today: emptyFigures(), lastHour: emptyFigures(), openCases: emptyCaseCounts() },
    });
    const sut = mountSut();
    expect(sut.get('[data-testid=kpi-arrivals]').text()).toBe('4.600');
    expect(sut.get('[data-testid=kpi-arrivals-apart]').text()).toContain('1.500');
    expect(sut.find('[data-testid=kpi-departures-apart]').exists()).toBe(false);
  });
});
