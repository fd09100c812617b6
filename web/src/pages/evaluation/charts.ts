/**
 * ECharts options of the evaluation pages: a unit's components against their
 * effective weights, its trend over the years, and two units side by side.
 * Bars and lines only (EChart registers those).
 */
import type { TFunction } from 'i18next';
import type { ChartOption } from '../../components/EChart';
import type { Lang } from '../../format/quantity';
import type { ComponentPoints, ScorecardHistoryPoint } from './api';
import { chartPoints, COMPONENT_COLORS, COMPONENTS, componentOf, formatPoints } from './model';

const WEIGHT_COLOR = '#d9d9d9';
const RANK_COLOR = '#fa541c';

interface AxisTooltipParam {
  seriesName: string;
  value: unknown;
  marker: string;
  axisValueLabel: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "Outcome<br/>● Points: 32.50 pts<br/>● Effective weight: 40.00 pts" */
function pointsTooltip(lang: Lang, t: TFunction, unitless: readonly string[] = []) {
  return (params: unknown) => {
    const list = (Array.isArray(params) ? params : [params]) as AxisTooltipParam[];
    const head = list[0] ? `<strong>${escapeHtml(list[0].axisValueLabel)}</strong>` : '';
    const lines = list.map((p) => {
      const value = typeof p.value === 'number' ? p.value : Number(p.value);
      const text = Number.isFinite(value)
        ? unitless.includes(p.seriesName)
          ? String(value)
          : t('evaluation.pointsValue', { value: formatPoints(value, lang) })
        : t('common.notAvailable');
      return `${p.marker}${escapeHtml(p.seriesName)}: ${escapeHtml(text)}`;
    });
    return [head, ...lines].join('<br/>');
  };
}

/** One unit: each component's points (its colour) next to its effective weight (grey). */
export function componentChartOption(
  components: readonly ComponentPoints[],
  lang: Lang,
  t: TFunction,
): ChartOption {
  const keys = COMPONENTS.filter((key) => componentOf(components, key));
  const pointsName = t('evaluation.chart.points');
  const weightName = t('evaluation.chart.effectiveWeight');
  return {
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0, data: [pointsName, weightName] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: pointsTooltip(lang, t),
    },
    xAxis: { type: 'category', data: keys.map((key) => t(`evaluation.component.${key}`)) },
    yAxis: { type: 'value', name: t('evaluation.chart.pointsAxis'), min: 0 },
    series: [
      {
        type: 'bar',
        name: pointsName,
        barGap: '10%',
        itemStyle: { color: COMPONENT_COLORS.outcome },
        data: keys.map((key) => ({
          value: chartPoints(componentOf(components, key)?.points ?? 0),
          itemStyle: { color: COMPONENT_COLORS[key] },
        })),
      },
      {
        type: 'bar',
        name: weightName,
        itemStyle: { color: WEIGHT_COLOR },
        data: keys.map((key) => chartPoints(componentOf(components, key)?.effectiveWeight ?? 0)),
      },
    ],
  };
}

/** A unit's total (left axis) and rank (right axis, first at the top) over the years. */
export function trendChartOption(
  history: readonly ScorecardHistoryPoint[],
  lang: Lang,
  t: TFunction,
): ChartOption {
  const totalName = t('evaluation.chart.total');
  const rankName = t('evaluation.chart.rank');
  const ranks = history.flatMap((point) => (point.rank === null ? [] : [point.rank]));
  const worst = Math.max(1, ...history.map((point) => point.rankedUnits), ...ranks);
  return {
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    legend: { top: 0, data: [totalName, rankName] },
    tooltip: { trigger: 'axis', formatter: pointsTooltip(lang, t, [rankName]) },
    xAxis: { type: 'category', data: history.map((point) => String(point.year)) },
    yAxis: [
      { type: 'value', name: t('evaluation.chart.pointsAxis'), min: 0, max: 100 },
      {
        type: 'value',
        name: rankName,
        // First place at the top; the name goes where the axis starts, above the chart.
        inverse: true,
        nameLocation: 'start',
        min: 1,
        max: worst,
        minInterval: 1,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'line',
        name: totalName,
        symbolSize: 8,
        itemStyle: { color: COMPONENT_COLORS.outcome },
        data: history.map((point) => (point.evaluated ? chartPoints(point.total) : null)),
      },
      {
        type: 'line',
        name: rankName,
        yAxisIndex: 1,
        symbolSize: 8,
        lineStyle: { type: 'dashed' },
        itemStyle: { color: RANK_COLOR },
        data: history.map((point) => point.rank),
      },
    ],
  };
}

/** Two units' points per component, side by side. */
export function compareChartOption(
  a: { name: string; components: readonly ComponentPoints[] },
  b: { name: string; components: readonly ComponentPoints[] },
  lang: Lang,
  t: TFunction,
): ChartOption {
  const keys = COMPONENTS.filter(
    (key) => componentOf(a.components, key) || componentOf(b.components, key),
  );
  const series = (unit: typeof a, color: string) => ({
    type: 'bar' as const,
    name: unit.name,
    itemStyle: { color },
    data: keys.map((key) => chartPoints(componentOf(unit.components, key)?.points ?? 0)),
  });
  return {
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0, data: [a.name, b.name] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: pointsTooltip(lang, t),
    },
    xAxis: { type: 'category', data: keys.map((key) => t(`evaluation.component.${key}`)) },
    yAxis: { type: 'value', name: t('evaluation.chart.pointsAxis'), min: 0 },
    series: [series(a, '#1677ff'), series(b, '#fa8c16')],
  };
}
