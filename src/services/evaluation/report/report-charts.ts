/**
 * The report's charts, drawn on the server by ECharts into SVG strings that
 * the HTML embeds inline (no scripts, no requests). Only the chart types and
 * components used are registered.
 */
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { COMPONENT_KEYS } from '../../../core/evaluation/index.js';
import type { ProgressStatus } from '../../../core/progress/index.js';
import { STATUS_COLORS, STATUS_ORDER, type ReportFormat } from './report-format.js';
import type { RankingRow, ReportTarget, TaskDelivery } from './report-model.js';
import { textKey } from './report-text.js';

use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
>;

/** The same fonts as the page, so Chinese labels find a CJK face. */
export const FONT_FAMILY =
  '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

const COMPONENT_COLORS = ['#1677ff', '#13c2c2', '#faad14', '#722ed1'];

/** Renders one chart to an SVG string of the given size (CSS pixels). */
export function renderSvg(option: ChartOption, width: number, height: number): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** How many targets of each target year have each status: a stacked bar per year. */
export function statusChart(targets: readonly ReportTarget[], format: ReportFormat): string {
  const years = [...new Set(targets.map((target) => target.progress.target.year))].sort();
  const count = (year: number, status: ProgressStatus) =>
    targets.filter((t) => t.progress.target.year === year && t.status === status).length;
  const present = STATUS_ORDER.filter((status) => years.some((year) => count(year, status) > 0));
  return renderSvg(
    {
      grid: { left: 8, right: 16, top: 8, bottom: 52 },
      legend: { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10 },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: years.map((year) => format.t('chartStatusYear', { year })),
      },
      series: present.map((status) => ({
        type: 'bar' as const,
        name: format.status(status),
        stack: 'all',
        barWidth: 24,
        color: STATUS_COLORS[status].color,
        label: {
          show: true,
          color:
            status === 'acceleration_needed' || status === 'insufficient_data' ? '#262626' : '#fff',
          formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
        },
        data: years.map((year) => count(year, status)),
      })),
    },
    680,
    160,
  );
}

/** A numeric target's published figures up to the report's year, with the target as a dashed line. */
export function targetChart(target: ReportTarget, year: number, format: ReportFormat): string {
  const { target: goal, indicator } = target.progress;
  const points = target.seriesToYear;
  const unit = format.unitOfMeasure(indicator.unit, indicator.unitMult);
  const name = format.indicatorName(indicator);
  // About the width of the chart: Chinese characters are twice as wide.
  const room = format.lang === 'en' ? 46 : 22;
  const titles: TitleComponentOption[] = [
    {
      text: name.length > room ? `${name.slice(0, room - 1)}…` : name,
      subtext: `${format.t('chartTargetLine', {
        year: goal.year,
        value: format.comparator(
          goal.comparator,
          format.quantity(goal.value ?? 0, indicator.unit, indicator.unitMult),
        ),
      })}`,
      left: 4,
      top: 2,
      itemGap: 4,
      textStyle: { fontSize: 12, fontWeight: 'bold', color: '#262626' },
      subtextStyle: { fontSize: 10, color: '#595959' },
    },
  ];
  if (points.length === 0) {
    titles.push({
      text: format.t('chartNoFigures', { year }),
      left: 'center',
      top: 'middle',
      textStyle: { fontSize: 12, color: '#8c8c8c', fontWeight: 'normal' },
    });
    return renderSvg({ title: titles }, 330, 215);
  }
  const goalValue = goal.value ?? 0;
  return renderSvg(
    {
      title: titles,
      grid: { left: 8, right: 16, top: 60, bottom: 8 },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: points.map((point) => format.period(point.period)),
        axisLabel: { fontSize: 10, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: unit,
        nameGap: 6,
        nameTextStyle: { fontSize: 10, color: '#595959', align: 'left' },
        // Room above the higher of the figures and the target, so the target line shows.
        max: (extent: { max: number }) => niceCeiling(Math.max(extent.max, goalValue) * 1.1),
        axisLabel: { fontSize: 10, formatter: (value: number) => format.number(value, 1) },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      series: [
        {
          type: 'line',
          data: points.map((point) => point.value),
          color: STATUS_COLORS[target.status].color,
          symbolSize: 6,
          lineStyle: { width: 2 },
          label: {
            show: true,
            fontSize: 9,
            formatter: (p: { value?: unknown }) => format.number(Number(p.value), 2),
          },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { type: 'dashed', color: '#595959' },
            label: {
              position: 'insideStartTop',
              fontSize: 10,
              formatter: format.t('chartTargetLine', {
                year: goal.year,
                value: format.quantity(goalValue, indicator.unit, indicator.unitMult),
              }),
            },
            data: [{ yAxis: goalValue }],
          },
        },
      ],
    },
    330,
    215,
  );
}

/** A unit name short enough for an axis label (Chinese characters are twice as wide). */
function shorten(name: string, format: ReportFormat): string {
  const room = format.lang === 'en' ? 20 : 10;
  return name.length > room ? `${name.slice(0, room - 1)}…` : name;
}

/** 1, 2 or 5 times a power of ten, at or above the value. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

/** Tasks due in the year by lead unit level: on time, late, not done. */
export function deliveryChart(delivery: TaskDelivery, year: number, format: ReportFormat): string {
  const levels = delivery.byLevel;
  const series = [
    { key: 'onTime', name: format.t('colOnTime'), color: '#389e0d' },
    { key: 'late', name: format.t('colLate'), color: '#fa8c16' },
    { key: 'open', name: format.t('colOpen'), color: '#a8071a' },
  ] as const;
  return renderSvg(
    {
      title: {
        text: format.t('chartDeliveryTitle', { year }),
        left: 'center',
        textStyle: { fontSize: 13 },
      },
      grid: { left: 8, right: 16, top: 40, bottom: 52 },
      legend: { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10 },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: levels.map((row) => format.t(textKey('level_', row.level))),
      },
      series: series.map((s) => ({
        type: 'bar' as const,
        name: s.name,
        stack: 'all',
        barWidth: 20,
        color: s.color,
        label: {
          show: true,
          color: '#fff',
          formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
        },
        data: levels.map((row) => row[s.key]),
      })),
    },
    680,
    Math.max(140, 70 + levels.length * 34),
  );
}

/** The top of the ranking: each unit's points stacked by component. */
export function rankingChart(rows: readonly RankingRow[], format: ReportFormat): string {
  const top = rows.slice(0, 15);
  return renderSvg(
    {
      title: {
        text: format.t('chartRankingTitle', { count: top.length }),
        left: 'center',
        textStyle: { fontSize: 13 },
      },
      grid: { left: 20, right: 24, top: 40, bottom: 52 },
      legend: { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10 },
      xAxis: { type: 'value', max: 100, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: top.map((row) => `${row.rank}. ${shorten(format.unitName(row.unit), format)}`),
        axisLabel: { fontSize: 11 },
      },
      series: COMPONENT_KEYS.map((key, index) => ({
        type: 'bar' as const,
        name: format.t(textKey('component_', key)),
        stack: 'total',
        barWidth: 14,
        color: COMPONENT_COLORS[index],
        data: top.map((row) => Number(Math.max(0, row.components[key]).toFixed(2))),
      })),
    },
    680,
    Math.max(180, 100 + top.length * 22),
  );
}
