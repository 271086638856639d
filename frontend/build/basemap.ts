import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { feature, merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Plugin } from 'vite';

/** ISO 3166 numeric codes (Natural Earth ids) of the operation's countries, drawn in full. */
export const OPERATION_COUNTRIES = { '504': 'MA', '724': 'ES', '250': 'FR', '380': 'IT' } as const;
/** Natural Earth draws Western Sahara apart; Morocco's map (and its Laâyoune and Dakhla sites) includes it. */
const MOROCCO_SOUTHERN_PROVINCES = '732';
/** Neighbours inside this box are drawn too, lighter, so that the coasts make sense. */
const CONTEXT_BOX = { west: -20, south: 24, east: 22, north: 52 };
/** About a kilometre: plenty for zoom levels up to 9, and a small bundle. */
const PRECISION = 100;

export interface BasemapProperties {
  name: string;
  /** ISO alpha-2 code for the operation's countries, null for the neighbours. */
  operation: string | null;
}

type Countries = Topology<{ countries: GeometryCollection<{ name: string }> }>;

function round(coordinates: unknown): unknown {
  if (typeof (coordinates as Position)[0] === 'number') {
    const [lon, lat] = coordinates as Position;
    return [Math.round(lon * PRECISION) / PRECISION, Math.round(lat * PRECISION) / PRECISION];
  }
  return (coordinates as unknown[]).map(round);
}

function bbox(geometry: Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (typeof (c as Position)[0] !== 'number') return (c as unknown[]).forEach(walk);
    const [lon, lat] = c as Position;
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  };
  if ('coordinates' in geometry) walk(geometry.coordinates);
  return box;
}

/** Country shapes for the offline map, from Natural Earth 1:50m (world-atlas) through topojson-client. */
export function buildBasemap(topology: Countries): FeatureCollection<Geometry, BasemapProperties> {
  const object = topology.objects.countries;
  const features: Feature<Geometry, BasemapProperties>[] = [];
  for (const country of feature(topology, object).features) {
    const id = String(country.id);
    if (id === MOROCCO_SOUTHERN_PROVINCES || !country.geometry) continue;
    const operation = OPERATION_COUNTRIES[id as keyof typeof OPERATION_COUNTRIES] ?? null;
    let geometry: Geometry = country.geometry;
    if (operation === 'MA') {
      geometry = merge(topology, object.geometries.filter((g) => g.id === id || g.id === MOROCCO_SOUTHERN_PROVINCES) as never);
    } else if (!operation) {
      const [west, south, east, north] = bbox(geometry);
      // Countries spanning the antimeridian (their box is the whole world) are far away anyway.
      const inBox = west < CONTEXT_BOX.east && east > CONTEXT_BOX.west && south < CONTEXT_BOX.north && north > CONTEXT_BOX.south;
      if (!inBox || east - west > 90) continue;
    }
    features.push({ type: 'Feature', properties: { name: country.properties?.name ?? id, operation }, geometry: { ...geometry, coordinates: round((geometry as { coordinates: unknown }).coordinates) } as Geometry });
  }
  return { type: 'FeatureCollection', features };
}

export function loadCountries(): Countries {
  const path = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Countries;
}

const VIRTUAL_ID = 'virtual:basemap';

/** `import basemap from 'virtual:basemap'`: the country shapes, computed once at build time. */
export function basemapPlugin(): Plugin {
  return {
    name: 'marhaba-basemap',
    resolveId: (id) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : null),
    load: (id) => (id === `\0${VIRTUAL_ID}` ? `export default ${JSON.stringify(buildBasemap(loadCountries()))};` : null),
  };
}
