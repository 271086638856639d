/// <reference types="vite/client" />

declare module 'virtual:basemap' {
  import type { FeatureCollection, Geometry } from 'geojson';
  import type { BasemapProperties } from '../build/basemap';
  const basemap: FeatureCollection<Geometry, BasemapProperties>;
  export default basemap;
}
