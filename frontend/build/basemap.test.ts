import { describe, expect, it } from 'vitest';
import { buildBasemap, loadCountries } from './basemap';

describe('buildBasemap', () => {
  const sut = buildBasemap(loadCountries());
  const byName = new Map(sut.features.map((f) => [f.properties.name, f]));

  it('should draw the four countries of the operation, Morocco whole', () => {
    expect(sut.features.filter((f) => f.properties.operation).map((f) => f.properties.operation).sort()).toEqual(['ES', 'FR', 'IT', 'MA']);
    expect(byName.has('W. Sahara')).toBe(false);
    // Dakhla (23.7 N) lies on Morocco's shape: its southern provinces are merged in.
    const south = Math.min(...JSON.stringify(byName.get('Morocco')!.geometry).match(/-?\d+\.?\d*,-?\d+\.?\d*/g)!.map((p) => Number(p.split(',')[1])));
    expect(south).toBeLessThan(22);
  });

  it('should add the neighbours around, and nothing from the other side of the world', () => {
    for (const name of ['Portugal', 'Algeria', 'Tunisia', 'Switzerland']) expect(byName.get(name)?.properties.operation).toBeNull();
    expect(byName.has('Russia')).toBe(false);
    expect(byName.has('United States of America')).toBe(false);
  });

  it('should stay small enough to ship inside the console', () => {
    expect(JSON.stringify(sut).length).toBeLessThan(400_000);
  });
});
