import { describe, expect, it } from '@jest/globals';
import { ALERT_LEVELS, CASE_CATEGORIES, CASE_STATUSES, CASE_SUBCATEGORIES, CHANNELS, DIRECTIONS, MODES, PRIORITIES, ROLES, SEXES, SITE_KINDS, VULNERABILITIES } from './enums.js';
import { REPORT_LANGUAGES } from './stats.js';
import { siteName, VOCABULARY } from './vocabulary.js';

const ENUMS = {
  kind: SITE_KINDS,
  channel: CHANNELS,
  direction: DIRECTIONS,
  mode: MODES,
  category: CASE_CATEGORIES,
  subcategory: [...new Set(Object.values(CASE_SUBCATEGORIES).flat())],
  priority: PRIORITIES,
  status: CASE_STATUSES,
  sex: SEXES,
  vulnerability: VULNERABILITIES,
  role: ROLES,
  alertLevel: ALERT_LEVELS,
};

describe('VOCABULARY', () => {
  it.each(REPORT_LANGUAGES)('should name every value of every enumeration, and nothing else, in %s', (lang) => {
    const sut = VOCABULARY[lang];
    for (const [name, values] of Object.entries(ENUMS)) {
      const words = sut[name as keyof typeof sut] as Record<string, string>;
      expect([name, Object.keys(words).sort()]).toEqual([name, [...values].sort()]);
      expect(Object.values(words).every((word) => word.trim().length > 0)).toBe(true);
    }
  });

  it('should write Arabic in Arabic script', () => {
    const sut = VOCABULARY.ar;
    expect(Object.values(sut.kind).every((word) => /^[\u0600-\u06FF\s]+$/.test(word))).toBe(true);
  });
});

describe(siteName.name, () => {
  it('should give the name in the language asked for, else the site name', () => {
    const sut = siteName;
    const site = { name: 'Tanger Med', names: { fr: 'Tanger Med', ar: 'طنجة المتوسط', en: 'Tanger Med port' } };
    expect(sut(site, 'ar')).toBe('طنجة المتوسط');
    expect(sut(site, 'en')).toBe('Tanger Med port');
    expect(sut({ name: 'Nouveau site' }, 'ar')).toBe('Nouveau site');
  });
});
