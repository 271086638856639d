import { describe, expect, it } from '@jest/globals';
import type { Site } from '@marhaba/shared';
import { simulateMovements } from './demo.simulator.js';

const site = (kind: Site['kind'], hourlyThresholdPeople = 100_000): Site => ({
  id: 'x',
  name: 'X',
  kind,
  channel: kind === 'airport' ? 'air' : 'sea',
  country: 'MA',
  lat: 0,
  lon: 0,
  holdingArea: null,
  hourlyThresholdPeople,
  active: true,
});

/** A fixed sequence instead of Math.random, so that the test always sees the same traffic. */
function seeded(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe(simulateMovements.name, () => {
  const now = new Date('2024-08-10T14:00:00Z');

  it('should count only planes at airports, with vehicles 0', () => {
    const random = seeded(7);
    const movements = Array.from({ length: 50 }, () => simulateMovements(site('airport'), 15, now, random)).flat();
    expect(movements.length).toBeGreaterThan(0);
    expect(movements.every((m) => m.mode === 'plane' && m.vehicles === 0)).toBe(true);
  });

  it('should bring buses and minibuses to rest areas, never planes', () => {
    const random = seeded(3);
    const movements = Array.from({ length: 20 }, () => simulateMovements(site('rest_area'), 15, now, random)).flat();
    const modes = new Set(movements.map((m) => m.mode));
    expect(modes.has('bus') || modes.has('minibus')).toBe(true);
    expect(modes.has('plane')).toBe(false);
  });

  it('should produce movements that respect the contract', () => {
    for (const m of simulateMovements(site('land_border'), 15, now, seeded(11))) {
      expect(m.people).toBeGreaterThan(0);
      expect(m.vehicles).toBe(m.mode === 'foot' ? 0 : 1);
      expect(m.occurredAt).toBe(now.toISOString());
    }
  });
});
