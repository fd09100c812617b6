/**
 * Builds the ECharts option for an indicator's series: one line per basis
 * (values on different bases are never joined), targets as diamonds with
 * dashed reference lines.
 */
import type { TFunction } from 'i18next';
import type { DataValue, Target } from '../../../src/api/contract';
import type { ForecastView } from '../api/client';
import { formatProbability } from '../format/explain';
import { comparePeriods, periodPosition } from '../format/period';
import { basesOf } from '../format/progress';
import { formatQuantity, unitLabel, type Lang } from '../format/quantity';
import { formatPeriod } from '../format/periodLabel';
import type { ChartOption } from './EChart';

export const BASIS_COLORS = [
  '#1677ff',
  '#52c41a',
  '#fa8c16',
  '#722ed1',
  '#13c2c2',
  '#eb2f96',
  '#faad14',
];
export const TARGET_COLOR = '#cf1322';
/** Ends the name of a helper series (a band's invisible lower line) that the legend leaves out. */
const HIDDEN = '\u200b';

/** Colour of each basis, shared by the chart and the table. */
export function basisColors(values: readonly DataValue[]): Record<string, string> {
  const colors: Record<string, string> = {};
  basesOf(values).forEach((basis, i) => {
    colors[basis] = BASIS_COLORS[i % BASIS_COLORS.length] ?? '#1677ff';
  });
  return colors;
}

export interface SeriesChartInput {
  unit: string | null;
  unitMult: number;
  values: readonly DataValue[];
  targets: readonly Target[];
  lang: Lang;
  t: TFunction;
  compact?: boolean;
  /** Forecasts to draw: the trend line and its 80% and 95% prediction bands to the target year. */
  forecasts?: readonly ForecastSeries[];
}

export interface ForecastSeries {
  forecast: ForecastView;
  /** Basis of the series the forecast was fitted on (its colour). */
  basis: string | null;
  /** Time of the latest observation the fit used: the bands start there. */
  from: number | null;
}

/** A band point: the stacked height plus the bounds the tooltip shows. */
interface BandPoint {
  value: [number, number];
  period: string;
  band?: { level: number; lower: number; upper: number };
  forecast?: { value: number; probability: number | null };
}

interface Point {
  value: [number, number];
  period: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The trend line of a forecast (dashed, over the whole fit) and its 80% and
 * 95% prediction bands from the latest observation to the target year, each
 * band drawn as an invisible lower line with the band's height stacked on it.
 */
function buildForecastSeries(
  { forecast, from }: ForecastSeries,
  color: string,
  input: SeriesChartInput,
  fmt: (v: number) => string,
) {
  const { t, lang, compact = false } = input;
  if (forecast.points.length === 0 || forecast.projected === null) return [];
  const year = forecast.targetYear;
  const start = from === null ? -Infinity : Math.floor(from);
  const ahead = forecast.points.filter((p) => p.t >= start);
  const trendName = t('forecast.trendSeries', { year });
  const last = forecast.points[forecast.points.length - 1];
  const trend = {
    type: 'line' as const,
    name: trendName,
    color,
    symbol: 'none',
    showSymbol: false,
    z: 2,
    lineStyle: { width: 1.5, type: 'dashed' as const, color },
    data: forecast.points.map((p): BandPoint => ({
      value: [p.t, p.value],
      period: String(p.t),
      forecast: { value: p.value, probability: p.t === year ? forecast.probability : null },
    })),
    endLabel: {
      show: !compact && last !== undefined,
      color,
      fontSize: 12,
      lineHeight: 16,
      formatter: () =>
        forecast.probability === null
          ? t('forecast.endLabel', { value: fmt(forecast.projected ?? 0) })
          : t('forecast.endLabelChance', {
              value: fmt(forecast.projected ?? 0),
              percent: formatProbability(forecast.probability, lang),
            }),
    },
  };
  const band = (level: 80 | 95, opacity: number) => {
    const lowerKey = level === 80 ? 'lower80' : 'lower95';
    const upperKey = level === 80 ? 'upper80' : 'upper95';
    const points = ahead.filter((p) => p[lowerKey] !== null && p[upperKey] !== null);
    if (points.length < 2) return [];
    const stack = `forecast-${year}-${level}`;
    const name = t('forecast.bandSeries', { level });
    return [
      {
        type: 'line' as const,
        name: `${name}${HIDDEN}`,
        stack,
        silent: true,
        symbol: 'none',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        data: points.map((p): BandPoint => ({
          value: [p.t, p[lowerKey] ?? 0],
          period: String(p.t),
        })),
      },
      {
        type: 'line' as const,
        name,
        stack,
        color,
        symbol: 'none',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        legendIcon: 'roundRect',
        itemStyle: { color, opacity: opacity + 0.15 },
        areaStyle: { color, opacity },
        data: points.map((p): BandPoint => ({
          value: [p.t, (p[upperKey] ?? 0) - (p[lowerKey] ?? 0)],
          period: String(p.t),
          band: { level: level / 100, lower: p[lowerKey] ?? 0, upper: p[upperKey] ?? 0 },
        })),
      },
    ];
  };
  return [...band(95, 0.12), ...band(80, 0.22), trend];
}

export function buildSeriesOption(input: SeriesChartInput): ChartOption {
  const { unit, unitMult, lang, t, compact = false } = input;
  const fmt = (v: number) => formatQuantity(v, unit, unitMult, lang);
  const colors = basisColors(input.values);
  const bases = basesOf(input.values);
  const numericTargets = input.targets
    .filter((target) => target.kind === 'numeric' && target.value !== null)
    .sort((a, b) => a.year - b.year);

  const xs: number[] = [];
  const lines = bases.map((basis) => {
    const points: Point[] = input.values
      .filter((v) => v.basis === basis)
      .slice()
      .sort((a, b) => comparePeriods(a.period, b.period))
      .flatMap((v) => {
        const x = periodPosition(v.period);
        if (x === null) return [];
        xs.push(x);
        return [{ value: [x, v.value] as [number, number], period: v.period }];
      });
    return {
      type: 'line' as const,
      name: basis,
      data: points,
      color: colors[basis],
      symbol: 'circle',
      symbolSize: compact ? 6 : 8,
      lineStyle: { width: 2 },
      emphasis: { focus: 'series' as const },
    };
  });

  numericTargets.forEach((target) => xs.push(target.year));
  for (const f of input.forecasts ?? []) xs.push(f.forecast.targetYear);
  const minX = xs.length ? Math.floor(Math.min(...xs)) - 0.5 : 2015;
  const maxX = xs.length ? Math.ceil(Math.max(...xs)) + 0.5 : 2025;
  const span = maxX - minX;
  const step = compact && span > 8 ? 2 : 1;
  // Year labels on integers only; with a step of 2, keep target years labelled (they are what the plan names).
  const firstYear = Math.ceil(minX);
  const anchor = numericTargets[0]?.year ?? firstYear;
  const years: number[] = [];
  for (let year = firstYear; year <= maxX; year += 1) {
    if ((year - anchor) % step === 0) years.push(year);
  }
  const targetsName = t('chart.targets');

  const targetSeries = {
    type: 'scatter' as const,
    name: targetsName,
    color: TARGET_COLOR,
    symbol: 'diamond',
    symbolSize: compact ? 11 : 14,
    z: 3,
    data: numericTargets.map((target) => ({
      value: [target.year, target.value ?? 0] as [number, number],
      period: String(target.year),
      target: true,
    })),
    label: {
      show: !compact,
      position: 'top' as const,
      distance: 6,
      color: TARGET_COLOR,
      formatter: (p: { value?: unknown }) => {
        const v = Array.isArray(p.value) ? Number(p.value[1]) : NaN;
        return Number.isFinite(v) ? fmt(v) : '';
      },
    },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: TARGET_COLOR, type: 'dashed' as const, width: 1, opacity: 0.7 },
      label: {
        show: !compact,
        position: 'insideStartTop' as const,
        color: TARGET_COLOR,
        fontSize: 11,
      },
      data: numericTargets.map((target) => ({
        yAxis: target.value ?? 0,
        name: t('chart.targetLabel', { year: target.year }),
        label: { formatter: t('chart.targetLabel', { year: target.year }) },
      })),
    },
  };

  const forecastSeries = (input.forecasts ?? []).flatMap((f) =>
    buildForecastSeries(f, colors[f.basis ?? ''] ?? BASIS_COLORS[0] ?? '#1677ff', input, fmt),
  );

  const series = [...lines, ...(numericTargets.length ? [targetSeries] : []), ...forecastSeries];
  const showLegend = !compact || bases.length > 1;
  const legendNames = series.flatMap((s) => (s.name.endsWith(HIDDEN) ? [] : [s.name]));

  return {
    animation: false,
    textStyle: {
      fontFamily:
        "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Noto Sans SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    },
    grid: compact
      ? { left: 8, right: 12, top: 24, bottom: showLegend ? 40 : 8 }
      : { left: 16, right: forecastSeries.length > 0 ? 132 : 32, top: 40, bottom: 64 },
    legend: showLegend
      ? {
          type: 'scroll',
          data: legendNames,
          bottom: 0,
          left: 'center',
          itemWidth: 18,
          itemHeight: 10,
          textStyle: { fontSize: compact ? 11 : 12 },
        }
      : { show: false },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as {
          seriesName?: string;
          data?: Point & { target?: boolean } & BandPoint;
          color?: string;
        };
        if (!p.data) return '';
        const [, y] = p.data.value;
        if (p.data.band) {
          const { level, lower, upper } = p.data.band;
          return `<div><b>${escapeHtml(formatPeriod(p.data.period, t))}</b></div><div>${escapeHtml(
            t('forecast.intervalValue', {
              level: Math.round(level * 100),
              lower: fmt(lower),
              upper: fmt(upper),
            }),
          )}</div>`;
        }
        if (p.data.forecast) {
          const { value, probability } = p.data.forecast;
          return `<div><b>${escapeHtml(formatPeriod(p.data.period, t))}</b></div><div>${escapeHtml(
            t('forecast.trendValue', { value: fmt(value) }),
          )}</div>${
            probability !== null
              ? `<div>${escapeHtml(t('forecast.chance', { percent: formatProbability(probability, lang) }))}</div>`
              : ''
          }`;
        }
        const head = p.data.target
          ? t('chart.targetLabel', { year: p.data.period })
          : formatPeriod(p.data.period, t);
        return `<div><b>${escapeHtml(head)}</b></div><div>${escapeHtml(fmt(y))}</div><div style="color:#888">${escapeHtml(
          p.seriesName ?? '',
        )}</div>`;
      },
    },
    xAxis: {
      type: 'value',
      min: minX,
      max: maxX,
      splitLine: { show: false },
      axisTick: { customValues: years },
      axisLabel: {
        customValues: years,
        formatter: (value: number) => String(value),
        fontSize: compact ? 11 : 12,
      },
    },
    yAxis: {
      type: 'value',
      name: unitLabel(unit, unitMult, lang),
      nameTextStyle: { align: 'left', fontSize: compact ? 11 : 12, color: '#666' },
      splitLine: { lineStyle: { type: 'dashed', color: '#eee' } },
      axisLabel: { fontSize: compact ? 11 : 12 },
    },
    series,
  };
}
