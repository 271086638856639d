import { describe, expect, it } from 'vitest';
import { ALERT_RULES, API_ERROR_CODES, AUDIT_KINDS, CASE_CATEGORIES, CASE_STATUSES, CASE_SUBCATEGORIES, MODES, PRIORITIES, SEXES, SITE_KINDS, VULNERABILITIES } from '@marhaba/shared';
import { ar } from './ar';
import { en } from './en';
import { fr } from './fr';

/** Every key path of a message tree, e.g. "alerts.rule.traffic_surge". */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

/** The placeholders of each message: a translation must use the same ones. */
function placeholders(tree: object): Record<string, string[]> {
  const flat: Record<string, string> = {};
  const walk = (node: object, prefix: string) =>
    Object.entries(node).forEach(([k, v]) => (typeof v === 'object' ? walk(v as object, `${prefix}${k}.`) : (flat[`${prefix}${k}`] = String(v))));
  walk(tree, '');
  return Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()]));
}

describe('messages', () => {
  it('should translate every key in Arabic and English, with the same placeholders', () => {
    expect(keys(ar)).toEqual(keys(fr));
    expect(keys(en)).toEqual(keys(fr));
    expect(placeholders(ar)).toEqual(placeholders(fr));
    expect(placeholders(en)).toEqual(placeholders(fr));
  });

  it('should name every value of the contract enumerations', () => {
    for (const messages of [fr, ar, en]) {
      expect(Object.keys(messages.category).sort()).toEqual([...CASE_CATEGORIES].sort());
      expect(Object.keys(messages.status).sort()).toEqual([...CASE_STATUSES].sort());
      expect(Object.keys(messages.priority).sort()).toEqual([...PRIORITIES].sort());
      expect(Object.keys(messages.mode).sort()).toEqual([...MODES].sort());
      expect(Object.keys(messages.kind).sort()).toEqual([...SITE_KINDS].sort());
      expect(Object.keys(messages.alerts.rule).sort()).toEqual([...ALERT_RULES].sort());
      expect(Object.keys(messages.subcategory).sort()).toEqual([...new Set(Object.values(CASE_SUBCATEGORIES).flat())].sort());
      expect(Object.keys(messages.sex).sort()).toEqual([...SEXES].sort());
      expect(Object.keys(messages.vulnerability).sort()).toEqual([...VULNERABILITIES].sort());
      expect(Object.keys(messages.audit.kinds).sort()).toEqual([...AUDIT_KINDS].sort());
    }
  });

  it('should word every error code of the contract', () => {
    for (const messages of [fr, ar, en]) expect(Object.keys(messages.errors)).toEqual(expect.arrayContaining([...API_ERROR_CODES]));
  });

  it('should write Arabic in Arabic script', () => {
    expect(ar.app.title).toMatch(/^[\u0600-\u06FF\s]+$/);
  });
});
