/**
 * A choropleth of China's 34 province-level units (GB/T 2260 codes) drawn by
 * ECharts' map series from the simplified boundaries in maps/china-provinces.json.
 *
 * - continuous: each unit is coloured by its value along a visualMap scale;
 * - status: each unit takes its own colour (value.color, else statusColors[label]).
 *
 * Units without a value are grey and say "no data". Names follow the UI language.
 * A caption under the map names the boundary source and says it is not an official map.
 */
import { Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import type { MapSeriesOption } from 'echarts/charts';
import { TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import type { TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { getMap, init, registerMap, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaProvinces, provinceMapSource, provinceName } from '../maps/china-provinces';
import { useLang } from '../useLang';

use([MapChart, VisualMapContinuousComponent, TooltipComponent, SVGRenderer]);

export const PROVINCE_MAP_NAME = 'china-provinces';

/** Registers the boundaries with ECharts once; regions are named by their GB/T 2260 code. */
function ensureMapRegistered(): void {
  if (getMap(PROVINCE_MAP_NAME)) return;
  registerMap(PROVINCE_MAP_NAME, chinaProvinces);
}

type MapOption = ComposeOption<MapSeriesOption | VisualMapComponentOption | TooltipComponentOption>;

export interface ProvinceValue {
  /** GB/T 2260 province-level code, e.g. "110000". */
  code: string;
  value: number | null;
  /** Status mode: the status shown in the tooltip and, with statusColors, its colour. */
  label?: string;
  /** Status mode: this unit's colour (wins over statusColors). */
  color?: string;
}

export interface ProvinceChoroplethProps {
  values: ProvinceValue[];
  /** Shown above the map; also its accessible name. */
  title?: string;
  unitLabel: string;
  formatValue: (v: number) => string;
  mode: 'continuous' | 'status';
  /** Status mode: colour by label; also drawn as a legend under the map. */
  statusColors?: Record<string, string>;
  /** Called with the code of a unit that has an entry in values when it is clicked. */
  onSelect?: (code: string) => void;
  /** Height of the map in pixels (caption and legend not included). */
  height?: number;
}

const NO_DATA = '#f0f0f0';
const BORDER = '#bfbfbf';
const HOVER_BORDER = '#fa8c16';
/** The completeness tile map's blues, light to dark; the lightest stays apart from no-data grey. */
const SCALE = ['#d6e8ff', '#a3cbff', '#5b9df5', '#2f6fd6', '#0b3d91'];

interface DataItem {
  name: string;
  value: number | '-';
  /** The caller's label (status); not ECharts' own data-item `label` option. */
  status?: string;
  itemStyle?: { areaColor: string };
  emphasis?: { itemStyle: { areaColor: string } };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function isDataItem(data: unknown): data is DataItem {
  return typeof data === 'object' && data !== null && 'name' in data && 'value' in data;
}

export function ProvinceChoropleth({
  values,
  title,
  unitLabel,
  formatValue,
  mode,
  statusColors,
  onSelect,
  height = 420,
}: ProvinceChoroplethProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const selectRef = useRef(onSelect);
  const codesRef = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => {
    selectRef.current = onSelect;
  }, [onSelect]);

  const option = useMemo<MapOption>(() => {
    const name = (code: string) => provinceName(code, lang);
    const noData = t('map.noData');
    const colorOf = (v: ProvinceValue) =>
      v.color ?? (v.label !== undefined ? statusColors?.[v.label] : undefined);

    const byCode = new Map(values.map((v) => [v.code, v]));
    // One item per unit: a fixed colour (status, or grey for no data) is set for the normal
    // and the hover state alike; visualMap colours the others and keeps them on hover.
    const data: DataItem[] = chinaProvinces.features.map(({ properties: { code } }) => {
      const v = byCode.get(code);
      const item: DataItem = { name: code, value: v?.value ?? '-' };
      if (v?.label !== undefined) item.status = v.label;
      const fixed =
        mode === 'status' ? ((v && colorOf(v)) ?? NO_DATA) : v?.value == null ? NO_DATA : null;
      if (fixed !== null) {
        item.itemStyle = { areaColor: fixed };
        item.emphasis = { itemStyle: { areaColor: fixed } };
      }
      return item;
    });

    const numbers = values.flatMap((v) => (v.value === null ? [] : [v.value]));
    const min = numbers.length > 0 ? Math.min(...numbers) : 0;
    const max = numbers.length > 0 ? Math.max(...numbers) : 0;

    const visualMap: VisualMapComponentOption | undefined =
      mode === 'continuous' && numbers.length > 0
        ? {
            type: 'continuous',
            min,
            // A single value still needs a range; it then takes the middle colour.
            max: max > min ? max : min + 1,
            inRange: { color: max > min ? SCALE : [SCALE[2] ?? '#5b9df5'] },
            outOfRange: { color: NO_DATA },
            text: [`${formatValue(max)} ${unitLabel}`.trim(), formatValue(min)],
            calculable: false,
            realtime: false,
            orient: 'horizontal',
            left: 'left',
            bottom: 0,
            itemWidth: 12,
            itemHeight: 120,
            seriesIndex: 0,
          }
        : undefined;

    const labelFormatter = (params: { name: string }) => name(params.name);

    return {
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (params: unknown) => {
          const p = params as { name: string; data?: unknown };
          const item = isDataItem(p.data) ? p.data : undefined;
          const lines = [`<strong>${escapeHtml(name(p.name))}</strong>`];
          if (mode === 'status' && item?.status !== undefined) lines.push(escapeHtml(item.status));
          if (item && typeof item.value === 'number') {
            lines.push(escapeHtml(`${formatValue(item.value)} ${unitLabel}`.trim()));
          } else if (!(mode === 'status' && item?.status !== undefined)) {
            lines.push(escapeHtml(noData));
          }
          return lines.join('<br/>');
        },
      },
      ...(visualMap ? { visualMap } : {}),
      series: [
        {
          type: 'map',
          map: PROVINCE_MAP_NAME,
          nameProperty: 'code',
          selectedMode: false,
          roam: false,
          // Fill the box (the aspect kept); leave room at the bottom for the visualMap.
          top: 8,
          bottom: visualMap ? 40 : 8,
          itemStyle: { areaColor: NO_DATA, borderColor: BORDER, borderWidth: 0.5 },
          label: { show: false, formatter: labelFormatter },
          emphasis: {
            label: {
              show: true,
              formatter: labelFormatter,
              color: '#1f1f1f',
              fontSize: 12,
              textBorderColor: '#fff',
              textBorderWidth: 2,
            },
            // areaColor and color null (what ECharts' MapDraw looks for): a unit coloured by the
            // visualMap keeps its colour on hover and only its border lights up.
            itemStyle: {
              areaColor: null as unknown as string,
              color: null as unknown as string,
              borderColor: HOVER_BORDER,
              borderWidth: 1.5,
            },
          },
          data,
        },
      ],
    };
  }, [values, mode, statusColors, formatValue, unitLabel, lang, t]);

  useEffect(() => {
    codesRef.current = new Set(values.map((v) => v.code));
  }, [values]);

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    ensureMapRegistered();
    const instance = init(node, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      const code = params.name;
      if (params.componentType === 'series' && codesRef.current.has(code)) {
        selectRef.current?.(code);
      }
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  const legend = mode === 'status' && statusColors ? Object.entries(statusColors) : [];

  return (
    <figure className="pw-province-choropleth" style={{ margin: 0 }}>
      {title && (
        <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
          {title}
        </Typography.Text>
      )}
      <div
        ref={element}
        role="img"
        aria-label={title ?? t('map.label')}
        data-testid="province-choropleth"
        style={{ width: '100%', height }}
      />
      <ul
        aria-label={t('map.legend')}
        style={{
          listStyle: 'none',
          padding: 0,
          margin: '8px 0 0',
          display: 'flex',
          flexWrap: 'wrap',
          gap: '4px 16px',
        }}
      >
        {legend.map(([label, color]) => (
          <li key={label} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            <span
              aria-hidden
              style={{
                width: 12,
                height: 12,
                borderRadius: 2,
                background: color,
                display: 'inline-block',
              }}
            />
            <Typography.Text>{label}</Typography.Text>
          </li>
        ))}
        <li style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span
            aria-hidden
            style={{
              width: 12,
              height: 12,
              borderRadius: 2,
              background: NO_DATA,
              border: `1px solid ${BORDER}`,
              display: 'inline-block',
            }}
          />
          <Typography.Text>{t('map.noData')}</Typography.Text>
        </li>
      </ul>
      <figcaption style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('map.caption', {
            name: provinceMapSource.name,
            license: t(`map.licenses.${provinceMapSource.licenseKey}`),
            packageName: provinceMapSource.packageName,
            version: provinceMapSource.version,
          })}{' '}
          <Typography.Link href={provinceMapSource.url} target="_blank" rel="noreferrer">
            {t('map.sourceLink')}
          </Typography.Link>
        </Typography.Text>
      </figcaption>
    </figure>
  );
}
