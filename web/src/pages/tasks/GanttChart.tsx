/**
 * ECharts with the custom series the Gantt chart draws its bars with
 * (registered here, so other pages do not load it), milestones as a scatter
 * series and today as a mark line. Same life cycle as components/EChart.tsx.
 */
import { CustomChart, ScatterChart } from 'echarts/charts';
import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type {
  GridComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([CustomChart, ScatterChart, GridComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type GanttOption = ComposeOption<
  | CustomSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export function GanttChart({
  option,
  height,
  label,
  testId,
  onItemClick,
}: {
  option: GanttOption;
  height: number;
  label: string;
  testId?: string;
  /** Called with the clicked item's series and data index. */
  onItemClick?: (seriesIndex: number, dataIndex: number) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clickRef = useRef(onItemClick);

  useEffect(() => {
    clickRef.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (params.componentType === 'series' && params.seriesIndex !== undefined)
        clickRef.current?.(params.seriesIndex, params.dataIndex);
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

  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      data-testid={testId}
      className="pw-chart"
      style={{ width: '100%', height }}
    />
  );
}
