import { describe, expect, it } from '@jest/globals';
import type { Site } from '@marhaba/shared';
import { borderDepartures } from './border-queue.js';
import { seededRandom } from './random.js';
import type { DayTraffic } from './season-traffic.js';

const border = { id: 'bab-sebta', kind: 'land_border', holdingArea: { capacityVehicles: 800 } } as Site;

function play(people: number, capacity: number) {
  const departed: { people: number; minute: number; vehicles: number }[] = [];
  const queue: { minute: number; waiting: number; wait: number }[] = [];
  const day: DayTraffic = {
    random: seededRandom('border'),
    holdingEvery: 30,
    add: (_siteId, _direction, unit, minute) => departed.push({ people: unit.people, minute, vehicles: unit.vehicles }),
    report: (_siteId, minute, waiting, wait) => queue.push({ minute, waiting, wait }),
  };
  borderDepartures(border, people, capacity, day);
  return { departed, queue };
}

describe(borderDepartures.name, () => {
  it('should let every traveller through by the end of the day', () => {
    const sut = play(20_000, 100);
    expect(sut.departed.reduce((s, d) => s + d.people, 0)).toBe(20_000);
    expect(Math.max(...sut.departed.map((d) => d.minute))).toBeLessThan(1440);
  });

  it('should fill the holding area when more vehicles come than the border lets through, and report every half hour', () => {
    const sut = play(20_000, 100);
    expect(sut.queue).toHaveLength(48);
    expect(Math.max(...sut.queue.map((q) => q.waiting))).toBeGreaterThan(1_000);
    expect(sut.queue[0].waiting).toBe(0);
  });

  it('should estimate the wait as the queue over the hourly capacity', () => {
    const sut = play(5_000, 60);
    for (const q of sut.queue) expect(q.wait).toBeCloseTo(q.waiting, 6);
  });
});
