import { daysApart, MODES_WITHOUT_VEHICLES, type Mode } from '@marhaba/shared';
import { between, pickWeighted, type Random } from './random.js';
import { COACH_OCCUPANCY, OCCUPANCY } from './season-profiles.js';

/** Linear interpolation of a month-day shape. */
export function shapeAt(shape: readonly (readonly [string, number])[], day: string): number {
  const md = day.slice(5);
  if (md <= shape[0][0]) return shape[0][1];
  for (let i = 1; i < shape.length; i++) {
    const [a, va] = shape[i - 1];
    const [b, vb] = shape[i];
    if (md <= b) {
      const year = day.slice(0, 4);
      const span = daysApart(`${year}-${a}`, `${year}-${b}`);
      return va + ((vb - va) * daysApart(`${year}-${a}`, day)) / Math.max(1, span);
    }
  }
  return shape[shape.length - 1][1];
}

/** A minute of the local day (`min`..`max`), drawn by hour weights. */
export function sampleMinute(hours: readonly number[], random: Random, min = 0, max = 1440): number {
  const weighted = hours.map((w, h) => [h, h * 60 + 60 <= min || h * 60 >= max ? 0 : w] as const);
  const hour = pickWeighted(weighted, random);
  return Math.min(max - 0.01, Math.max(min, hour * 60 + random() * 60));
}

/** A vehicle or group as one movement counts it. */
export interface Unit {
  mode: Mode;
  people: number;
  vehicles: number;
}

/** Vehicles and groups carrying exactly `people` travellers. */
export function units(people: number, mix: readonly (readonly [Mode, number])[], random: Random): Unit[] {
  const out: Unit[] = [];
  for (let left = people; left > 0; ) {
    const mode = pickWeighted(mix, random);
    const size = mode === 'bus' ? between(COACH_OCCUPANCY.min, COACH_OCCUPANCY.max, random) : pickWeighted(OCCUPANCY[mode as 'car' | 'motorcycle' | 'foot'], random);
    const n = Math.min(size, left);
    out.push({ mode, people: n, vehicles: MODES_WITHOUT_VEHICLES.includes(mode) ? 0 : 1 });
    left -= n;
  }
  return out;
}
