/**
 * A tile-grid map of China's 34 province-level units, as newspapers draw
 * them: one equal square per unit, placed roughly where it lies (north at
 * the top), so that each unit gets the same weight whatever its area.
 * Codes are GB/T 2260 (data/org-units/province-names.json).
 */

export interface ProvinceTile {
  /** GB/T 2260 code of the province-level unit, e.g. "420000". */
  code: string;
  /** 0 = northernmost row. */
  row: number;
  /** 0 = westernmost column. */
  col: number;
  /** Short name on the tile: 湖北, 内蒙古. */
  zh: string;
  /** Short English name on the tile; a line break where a long name is split. */
  en: string;
}

/*
 *      0     1     2     3     4     5     6
 * 0                                      黑
 * 1                      内    京    辽  吉
 * 2  新    甘    宁    晋    冀    津
 * 3  藏    青    陕    豫    鲁
 * 4        川    渝    鄂    皖    苏    沪
 * 5        云    贵    湘    赣    浙
 * 6              桂    粤    闽    台
 * 7              琼    澳    港
 */
export const PROVINCE_TILES: readonly ProvinceTile[] = [
  { code: '230000', row: 0, col: 6, zh: '黑龙江', en: 'Heilong-\njiang' },
  { code: '150000', row: 1, col: 3, zh: '内蒙古', en: 'Inner\nMongolia' },
  { code: '110000', row: 1, col: 4, zh: '北京', en: 'Beijing' },
  { code: '210000', row: 1, col: 5, zh: '辽宁', en: 'Liaoning' },
  { code: '220000', row: 1, col: 6, zh: '吉林', en: 'Jilin' },
  { code: '650000', row: 2, col: 0, zh: '新疆', en: 'Xinjiang' },
  { code: '620000', row: 2, col: 1, zh: '甘肃', en: 'Gansu' },
  { code: '640000', row: 2, col: 2, zh: '宁夏', en: 'Ningxia' },
  { code: '140000', row: 2, col: 3, zh: '山西', en: 'Shanxi' },
  { code: '130000', row: 2, col: 4, zh: '河北', en: 'Hebei' },
  { code: '120000', row: 2, col: 5, zh: '天津', en: 'Tianjin' },
  { code: '540000', row: 3, col: 0, zh: '西藏', en: 'Tibet' },
  { code: '630000', row: 3, col: 1, zh: '青海', en: 'Qinghai' },
  { code: '610000', row: 3, col: 2, zh: '陕西', en: 'Shaanxi' },
  { code: '410000', row: 3, col: 3, zh: '河南', en: 'Henan' },
  { code: '370000', row: 3, col: 4, zh: '山东', en: 'Shandong' },
  { code: '510000', row: 4, col: 1, zh: '四川', en: 'Sichuan' },
  { code: '500000', row: 4, col: 2, zh: '重庆', en: 'Chongqing' },
  { code: '420000', row: 4, col: 3, zh: '湖北', en: 'Hubei' },
  { code: '340000', row: 4, col: 4, zh: '安徽', en: 'Anhui' },
  { code: '320000', row: 4, col: 5, zh: '江苏', en: 'Jiangsu' },
  { code: '310000', row: 4, col: 6, zh: '上海', en: 'Shanghai' },
  { code: '530000', row: 5, col: 1, zh: '云南', en: 'Yunnan' },
  { code: '520000', row: 5, col: 2, zh: '贵州', en: 'Guizhou' },
  { code: '430000', row: 5, col: 3, zh: '湖南', en: 'Hunan' },
  { code: '360000', row: 5, col: 4, zh: '江西', en: 'Jiangxi' },
  { code: '330000', row: 5, col: 5, zh: '浙江', en: 'Zhejiang' },
  { code: '450000', row: 6, col: 2, zh: '广西', en: 'Guangxi' },
  { code: '440000', row: 6, col: 3, zh: '广东', en: 'Guangdong' },
  { code: '350000', row: 6, col: 4, zh: '福建', en: 'Fujian' },
  { code: '710000', row: 6, col: 5, zh: '台湾', en: 'Taiwan' },
  { code: '460000', row: 7, col: 2, zh: '海南', en: 'Hainan' },
  { code: '820000', row: 7, col: 3, zh: '澳门', en: 'Macao' },
  { code: '810000', row: 7, col: 4, zh: '香港', en: 'Hong Kong' },
];

export const TILE_ROWS = Math.max(...PROVINCE_TILES.map((t) => t.row)) + 1;
export const TILE_COLS = Math.max(...PROVINCE_TILES.map((t) => t.col)) + 1;

/** The classes of the map's colour scale, lowest first; `none` when nothing is expected. */
export const COMPLETENESS_CLASSES = ['none', 'zero', 'low', 'mid', 'high', 'most', 'all'] as const;
export type CompletenessClass = (typeof COMPLETENESS_CLASSES)[number];

/**
 * The colour class of a completeness share (0-1): 0, under 25 %, 25-50 %,
 * 50-75 %, 75 % to under 100 %, all. null (nothing expected) is `none`.
 */
export function completenessClass(share: number | null | undefined): CompletenessClass {
  if (share === null || share === undefined || Number.isNaN(share)) return 'none';
  if (share <= 0) return 'zero';
  if (share >= 1) return 'all';
  if (share < 0.25) return 'low';
  if (share < 0.5) return 'mid';
  if (share < 0.75) return 'high';
  return 'most';
}
