import { describe, expect, it } from 'vitest';
import provinceNames from '../../../data/org-units/province-names.json';
import {
  completenessClass,
  PROVINCE_TILES,
  TILE_COLS,
  TILE_ROWS,
  type ProvinceTile,
} from './provinceTiles';

const tileOf = (code: string): ProvinceTile => {
  const tile = PROVINCE_TILES.find((t) => t.code === code);
  if (!tile) throw new Error(`no tile for ${code}`);
  return tile;
};

describe('the province tile map layout', () => {
  it('has exactly one tile for each of the 34 province-level units, and no other', () => {
    const codes = provinceNames.provinces.map((p) => p.code).sort();
    expect(codes).toHaveLength(34);
    // 11..82 followed by 0000, as GB/T 2260 numbers province-level units.
    for (const code of codes) expect(code).toMatch(/^[1-8]\d0000$/);
    expect(PROVINCE_TILES.map((t) => t.code).sort()).toEqual(codes);
    expect(new Set(PROVINCE_TILES.map((t) => t.code)).size).toBe(PROVINCE_TILES.length);
  });

  it('puts no two tiles in one cell, every tile inside the grid', () => {
    const cells = PROVINCE_TILES.map((t) => `${t.row},${t.col}`);
    expect(new Set(cells).size).toBe(cells.length);
    for (const tile of PROVINCE_TILES) {
      expect(Number.isInteger(tile.row) && tile.row >= 0 && tile.row < TILE_ROWS).toBe(true);
      expect(Number.isInteger(tile.col) && tile.col >= 0 && tile.col < TILE_COLS).toBe(true);
    }
    // No empty margin: every row and every column holds a tile.
    for (let row = 0; row < TILE_ROWS; row++)
      expect(PROVINCE_TILES.some((t) => t.row === row)).toBe(true);
    for (let col = 0; col < TILE_COLS; col++)
      expect(PROVINCE_TILES.some((t) => t.col === col)).toBe(true);
  });

  it('labels every tile with a short name in both languages', () => {
    for (const tile of PROVINCE_TILES) {
      const official = provinceNames.provinces.find((p) => p.code === tile.code)!;
      // The short Chinese name is the start of the official one (湖北 of 湖北省).
      expect(official.nameZh.startsWith(tile.zh)).toBe(true);
      expect(tile.zh.length).toBeGreaterThanOrEqual(2);
      expect(tile.zh.length).toBeLessThanOrEqual(3);
      expect(tile.en.replace(/-?\n/g, (m) => (m === '-\n' ? '' : ' '))).toBe(
        official.nameEn.replace(/ SAR$/, ''),
      );
    }
  });

  it('keeps the rough geography: north above south, west left of east', () => {
    const above = (north: string, south: string) =>
      expect(tileOf(north).row).toBeLessThan(tileOf(south).row);
    const leftOf = (west: string, east: string) =>
      expect(tileOf(west).col).toBeLessThan(tileOf(east).col);
    above('230000', '220000'); // Heilongjiang, Jilin
    above('110000', '130000'); // Beijing, Hebei
    above('420000', '430000'); // Hubei, Hunan
    above('440000', '460000'); // Guangdong, Hainan
    leftOf('650000', '620000'); // Xinjiang, Gansu
    leftOf('510000', '500000'); // Sichuan, Chongqing
    leftOf('320000', '310000'); // Jiangsu, Shanghai
    leftOf('820000', '810000'); // Macao, Hong Kong
  });
});

describe('completenessClass', () => {
  it('classes shares of reported units', () => {
    expect(completenessClass(null)).toBe('none');
    expect(completenessClass(undefined)).toBe('none');
    expect(completenessClass(0)).toBe('zero');
    expect(completenessClass(0.01)).toBe('low');
    expect(completenessClass(0.25)).toBe('mid');
    expect(completenessClass(0.5)).toBe('high');
    expect(completenessClass(0.75)).toBe('most');
    expect(completenessClass(0.999)).toBe('most');
    expect(completenessClass(1)).toBe('all');
  });
});
