/**
 * China's province-level units as a tile-grid map (plain SVG): one square
 * per unit, coloured by the share of its reporting units that have reported,
 * labelled with its short name, the share and the counts. Each tile carries
 * a title; a table beside the map gives the same numbers.
 */
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../format/quantity';
import {
  COMPLETENESS_CLASSES,
  completenessClass,
  PROVINCE_TILES,
  TILE_COLS,
  TILE_ROWS,
  type CompletenessClass,
} from './provinceTiles';

export interface TileFigures {
  expected: number;
  reported: number;
  /** reported / expected (0-1); null when nothing is expected. */
  completeness: number | null;
}

const SIZE = 84;
const GAP = 6;
const STEP = SIZE + GAP;

const FILL: Record<CompletenessClass, string> = {
  none: '#f5f5f5',
  zero: '#f0f7ff',
  low: '#d6e8ff',
  mid: '#a3cbff',
  high: '#5b9df5',
  most: '#2f6fd6',
  all: '#0b3d91',
};
const DARK_CLASSES: ReadonlySet<CompletenessClass> = new Set(['most', 'all']);

/** "14%"; shares that would round to 0 % or 100 % without being so say "<1%" and ">99%". */
export function formatShare(share: number | null, lang: Lang): string {
  if (share === null) return '—';
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  if (share > 0 && share < 0.005) return `<${percent.format(0.01)}`;
  if (share < 1 && share >= 0.995) return `>${percent.format(0.99)}`;
  return percent.format(share);
}

export function ProvinceTileMap({
  figures,
  lang,
  onSelect,
  label,
  testId = 'province-tile-map',
}: {
  /** Figures by province code; a province without figures has no reporting units. */
  figures: ReadonlyMap<string, TileFigures>;
  lang: Lang;
  onSelect?: (code: string) => void;
  /** Accessible name of the map. */
  label: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [active, setActive] = useState<string | null>(null);
  const width = TILE_COLS * STEP - GAP;
  const height = TILE_ROWS * STEP - GAP;

  return (
    <div data-testid={testId}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="group"
        aria-label={label}
        style={{ display: 'block', width: '100%', maxWidth: width, margin: '0 auto' }}
      >
        {PROVINCE_TILES.map((tile) => {
          const data = figures.get(tile.code);
          const klass = completenessClass(data && data.expected > 0 ? data.completeness : null);
          const dark = DARK_CLASSES.has(klass);
          const name =
            lang === 'en' ? tile.en.replace(/-?\n/g, (m) => (m === '-\n' ? '' : ' ')) : tile.zh;
          const lines = lang === 'en' ? tile.en.split('\n') : [tile.zh];
          const clickable = Boolean(onSelect && data && data.expected > 0);
          const title =
            data && data.expected > 0
              ? t('completeness.map.tileTitle', {
                  name,
                  reported: data.reported,
                  expected: data.expected,
                  percent: formatShare(data.completeness, lang),
                })
              : t('completeness.map.tileNone', { name });
          const x = tile.col * STEP;
          const y = tile.row * STEP;
          const nameSize = lang === 'en' ? 12 : 14;
          const nameTop = lines.length > 1 ? 18 : 24;
          const select = () => {
            if (clickable) onSelect?.(tile.code);
          };
          return (
            <g
              key={tile.code}
              transform={`translate(${x} ${y})`}
              role={clickable ? 'button' : 'img'}
              tabIndex={clickable ? 0 : undefined}
              aria-label={title}
              data-testid={`tile-${tile.code}`}
              data-class={klass}
              style={{ cursor: clickable ? 'pointer' : 'default', outline: 'none' }}
              onClick={select}
              onKeyDown={(event: KeyboardEvent<SVGGElement>) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  select();
                }
              }}
              onMouseEnter={() => setActive(tile.code)}
              onMouseLeave={() => setActive((code) => (code === tile.code ? null : code))}
              onFocus={() => setActive(tile.code)}
              onBlur={() => setActive((code) => (code === tile.code ? null : code))}
            >
              <title>{title}</title>
              <rect
                width={SIZE}
                height={SIZE}
                rx={6}
                fill={FILL[klass]}
                stroke={
                  active === tile.code && clickable
                    ? '#fa8c16'
                    : klass === 'none'
                      ? '#d9d9d9'
                      : '#91caff'
                }
                strokeWidth={active === tile.code && clickable ? 3 : 1}
                strokeDasharray={klass === 'none' ? '4 3' : undefined}
              />
              <text
                x={SIZE / 2}
                textAnchor="middle"
                fill={dark ? '#fff' : klass === 'none' ? '#8c8c8c' : '#1f1f1f'}
                style={{ pointerEvents: 'none', userSelect: 'none' }}
              >
                {lines.map((line, i) => (
                  <tspan
                    key={line}
                    x={SIZE / 2}
                    y={nameTop + i * (nameSize + 1)}
                    fontSize={nameSize}
                    fontWeight={600}
                  >
                    {line}
                  </tspan>
                ))}
                {data && data.expected > 0 ? (
                  <>
                    <tspan
                      x={SIZE / 2}
                      y={lines.length > 1 ? 56 : 52}
                      fontSize={16}
                      fontWeight={700}
                    >
                      {formatShare(data.completeness, lang)}
                    </tspan>
                    <tspan x={SIZE / 2} y={lines.length > 1 ? 74 : 70} fontSize={11}>
                      {`${data.reported}/${data.expected}`}
                    </tspan>
                  </>
                ) : (
                  <tspan x={SIZE / 2} y={56} fontSize={16}>
                    —
                  </tspan>
                )}
              </text>
            </g>
          );
        })}
      </svg>
      <ul
        aria-label={t('completeness.map.legend')}
        data-testid={`${testId}-legend`}
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          justifyContent: 'center',
          alignItems: 'center',
          gap: '6px 16px',
          listStyle: 'none',
          margin: '12px 0 0',
          padding: 0,
          fontSize: 12,
        }}
      >
        <li aria-hidden style={{ color: 'rgba(0, 0, 0, 0.45)' }}>
          {t('completeness.map.legend')}
        </li>
        {COMPLETENESS_CLASSES.map((klass) => (
          <li key={klass} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: 14,
                height: 14,
                borderRadius: 3,
                background: FILL[klass],
                border: klass === 'none' ? '1px dashed #bfbfbf' : '1px solid #91caff',
              }}
            />
            {t(`completeness.map.class.${klass}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
