import { figuresBySite, movementSiteProblem, timePlaces, withPredictedWait } from './traffic.service.js';

describe(figuresBySite.name, () => {
  it('should add rollup rows per site, and leave the total to splitTotals (crossings only)', () => {
    const sut = figuresBySite([
      { siteId: 'tanger-med', direction: 'arrival', people: 100, vehicles: 25 },
      { siteId: 'tanger-med', direction: 'departure', people: 40, vehicles: 10 },
      { siteId: 'nador', direction: 'arrival', people: 7, vehicles: 2 },
    ]);
    expect(sut.get('tanger-med')).toEqual({ arrivals: { people: 100, vehicles: 25 }, departures: { people: 40, vehicles: 10 } });
    expect(sut.get('nador')).toEqual({ arrivals: { people: 7, vehicles: 2 }, departures: { people: 0, vehicles: 0 } });
    expect([...sut.keys()]).toEqual(['tanger-med', 'nador']);
  });
});

describe(movementSiteProblem.name, () => {
  it('should refuse an unknown site', () => {
    expect(movementSiteProblem({ mode: 'car', vehicles: 1 }, undefined)?.field).toBe('siteId');
  });

  it('should count planes at airports only, and only planes there', () => {
    expect(movementSiteProblem({ mode: 'plane', vehicles: 0 }, 'airport')).toBeNull();
    expect(movementSiteProblem({ mode: 'plane', vehicles: 0 }, 'port')?.field).toBe('mode');
    expect(movementSiteProblem({ mode: 'car', vehicles: 1 }, 'airport')?.field).toBe('mode');
  });

  it('should refuse vehicles for people on foot', () => {
    expect(movementSiteProblem({ mode: 'foot', vehicles: 2 }, 'land_border')?.field).toBe('vehicles');
    expect(movementSiteProblem({ mode: 'bus', vehicles: 1 }, 'rest_area')).toBeNull();
  });
});

describe(withPredictedWait.name, () => {
  const row = { siteId: 'bab-sebta', capacityVehicles: 1200, vehiclesWaiting: 300, occupancy: 0.25, estimatedWaitMinutes: 90, reportedAt: null };

  it('should add the queue estimate from the departures of the live last hour, and drop the throughput', () => {
    // At 10:32:30 the last hour's buckets start at 09:35: 57.5 minutes, in which 115 vehicles left (2 a minute).
    const sut = withPredictedWait({ ...row, vehiclesThrough: 115 }, new Date('2024-08-01T10:32:30Z'));
    expect(sut).toEqual({ ...row, predictedWaitMinutes: 150 });
    expect(sut).not.toHaveProperty('vehiclesThrough');
  });

  it('should keep the assistants\' estimate and answer null with no throughput', () => {
    expect(withPredictedWait({ ...row, vehiclesThrough: 0 }, new Date('2024-08-01T10:32:30Z'))).toMatchObject({ estimatedWaitMinutes: 90, predictedWaitMinutes: null });
  });
});

describe(timePlaces.name, () => {
  it('should place each instant in its bucket and local day, each bucket once', () => {
    const sut = timePlaces(['2024-08-28T23:31:00.000Z', '2024-08-28T22:59:00.000Z', '2024-08-28T23:34:59.999Z']);
    expect(sut).toEqual({
      buckets: [
        { bucket: new Date('2024-08-28T23:30:00Z'), day: '2024-08-29' },
        { bucket: new Date('2024-08-28T22:55:00Z'), day: '2024-08-28' },
      ],
      indexOf: [0, 1, 0],
    });
  });
});
