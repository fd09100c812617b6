/**
 * The timeline: one Gantt chart per measure. Bars run from start to due day
 * in the status's colour (the done share solid, the rest light), milestones
 * are diamonds, a dashed line marks today; sub-tasks are indented under
 * their parent. Clicking a bar or a diamond opens the task.
 */
import { Card, Empty } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Lang } from '../../format/quantity';
import { useLang } from '../../useLang';
import { unitName } from '../../components/roles';
import type { TaskSummary } from './api';
import { formatMonth, formatPercent, formatTaskDay } from './format';
import { GanttChart, type GanttOption } from './GanttChart';
import {
  addDays,
  ganttRows,
  ganttSpan,
  groupByMeasure,
  STATUS_CHART_COLORS,
  TASK_STATUSES,
  type GanttRow,
  type MeasureGroup,
} from './model';

const ROW_HEIGHT = 34;
const LABEL_WIDTH = 250;
const DAY_MS = 24 * 60 * 60 * 1000;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const msDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Indents a sub-task's label by its depth (non-breaking spaces: SVG collapses plain ones). */
function rowLabel(row: GanttRow): string {
  return row.depth === 0 ? row.task.title : `${'\u00a0'.repeat(3 * row.depth)}└ ${row.task.title}`;
}

interface Milestone {
  row: number;
  task: TaskSummary;
  title: string;
  dueOn: string;
  doneOn: string | null;
}

function ganttOption(
  rows: readonly GanttRow[],
  milestones: readonly Milestone[],
  today: string,
  lang: Lang,
  t: TFunction,
): GanttOption {
  const [first, last] = ganttSpan(
    rows.map((r) => r.task),
    today,
  );
  const tooltipOf = (task: TaskSummary) =>
    [
      `<b>${escapeHtml(task.title)}</b>`,
      escapeHtml(unitName(task.leadUnit, lang)),
      `${formatTaskDay(task.startOn, lang)} – ${formatTaskDay(task.dueOn, lang)}`,
      `${escapeHtml(t(`tasks.status.${task.status}`))} · ${formatPercent(task.percentComplete, lang)}`,
    ].join('<br/>');
  return {
    useUTC: true,
    animation: false,
    grid: { left: LABEL_WIDTH + 16, right: 24, top: 28, bottom: 28 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        if (!item) return '';
        if (item.seriesIndex === 0) {
          const row = rows[item.dataIndex];
          return row ? tooltipOf(row.task) : '';
        }
        const milestone = milestones[item.dataIndex];
        if (!milestone) return '';
        return [
          `◆ <b>${escapeHtml(milestone.title)}</b>`,
          escapeHtml(milestone.task.title),
          t('tasks.gantt.milestoneDue', { day: formatTaskDay(milestone.dueOn, lang) }),
          milestone.doneOn
            ? t('tasks.gantt.milestoneDone', { day: formatTaskDay(milestone.doneOn, lang) })
            : '',
        ]
          .filter(Boolean)
          .join('<br/>');
      },
    },
    xAxis: {
      type: 'time',
      min: dayMs(addDays(first, -10)),
      max: dayMs(addDays(last, 10)),
      position: 'top',
      splitLine: { show: true, lineStyle: { color: '#f0f0f0' } },
      axisLabel: {
        hideOverlap: true,
        formatter: (value: number) => {
          const day = msDay(value);
          return day.endsWith('-01') ? formatMonth(day, lang) : formatTaskDay(day, lang);
        },
      },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map(rowLabel),
      axisTick: { show: false },
      axisLabel: {
        align: 'left',
        margin: LABEL_WIDTH,
        width: LABEL_WIDTH - 8,
        overflow: 'truncate',
        color: '#262626',
      },
    },
    series: [
      {
        type: 'custom',
        name: 'tasks',
        encode: { x: [1, 2], y: 0 },
        data: rows.map((row, index) => [
          index,
          dayMs(row.task.startOn),
          // The bar covers the due day itself.
          dayMs(row.task.dueOn) + DAY_MS,
          row.task.percentComplete,
          TASK_STATUSES.indexOf(row.task.status),
        ]),
        renderItem: (_params, api) => {
          const row = api.value(0);
          const from = api.coord([api.value(1), row]);
          const to = api.coord([api.value(2), row]);
          const size = api.size?.([0, 1]);
          const band = Array.isArray(size) ? (size[1] ?? ROW_HEIGHT) : ROW_HEIGHT;
          const height = Math.min(band * 0.55, 18);
          const x = from[0] ?? 0;
          const y = (from[1] ?? 0) - height / 2;
          const width = Math.max((to[0] ?? 0) - x, 3);
          const status = TASK_STATUSES[Number(api.value(4))] ?? 'not_started';
          const color = STATUS_CHART_COLORS[status];
          const done = Math.max(0, Math.min(1, Number(api.value(3)) / 100));
          return {
            type: 'group',
            children: [
              {
                type: 'rect',
                shape: { x, y, width, height, r: 3 },
                style: { fill: color, opacity: 0.3, stroke: color, lineWidth: 1 },
              },
              {
                type: 'rect',
                shape: { x, y, width: width * done, height, r: 3 },
                style: { fill: color },
              },
            ],
          };
        },
      },
      {
        type: 'scatter',
        name: 'milestones',
        symbol: 'diamond',
        symbolSize: 13,
        z: 3,
        itemStyle: { color: '#262626', borderColor: '#fff', borderWidth: 1 },
        data: milestones.map((m) => ({
          value: [dayMs(m.dueOn) + DAY_MS / 2, m.row],
          itemStyle: m.doneOn ? { color: '#8c8c8c' } : undefined,
        })),
        markLine: {
          silent: true,
          symbol: ['none', 'none'],
          lineStyle: { color: '#cf1322', type: 'dashed', width: 1.5 },
          label: { formatter: t('tasks.gantt.today'), color: '#cf1322', position: 'end' },
          data: [{ xAxis: dayMs(today) + DAY_MS / 2 }],
        },
      },
    ],
  };
}

function MeasureGantt({ group, today }: { group: MeasureGroup; today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const rows = useMemo(() => ganttRows(group.tasks), [group.tasks]);
  const milestones = useMemo(
    () =>
      rows.flatMap((row, index) =>
        row.task.milestones.map((m) => ({
          row: index,
          task: row.task,
          title: m.title,
          dueOn: m.dueOn,
          doneOn: m.doneOn,
        })),
      ),
    [rows],
  );
  const option = useMemo(
    () => ganttOption(rows, milestones, today, lang, t),
    [rows, milestones, today, lang, t],
  );
  return (
    <Card
      size="small"
      className="pw-section pw-task-gantt"
      data-testid={`gantt-${group.measure.path}`}
      title={
        <Link to={`/plan/${group.measure.path}`}>
          {group.measure.path} {group.measure.title}
        </Link>
      }
    >
      <GanttChart
        option={option}
        height={rows.length * ROW_HEIGHT + 60}
        label={t('tasks.gantt.label', { measure: group.measure.path, count: rows.length })}
        testId="gantt-chart"
        onItemClick={(series, index) => {
          const task = series === 0 ? rows[index]?.task : milestones[index]?.task;
          if (task) void navigate(`/tasks/${task.id}`);
        }}
      />
    </Card>
  );
}

export function TaskGantt({ tasks, today }: { tasks: readonly TaskSummary[]; today: string }) {
  const { t } = useTranslation();
  const groups = useMemo(() => groupByMeasure(tasks), [tasks]);
  if (groups.length === 0) return <Empty description={t('tasks.list.empty')} />;
  return (
    <div data-testid="task-gantt">
      <div className="pw-task-legend" aria-hidden>
        {TASK_STATUSES.map((status) => (
          <span key={status} className="pw-task-legend-item">
            <span className="pw-swatch" style={{ background: STATUS_CHART_COLORS[status] }} />
            {t(`tasks.status.${status}`)}
          </span>
        ))}
        <span className="pw-task-legend-item">◆ {t('tasks.gantt.milestone')}</span>
        <span className="pw-task-legend-item pw-task-legend-today">┆ {t('tasks.gantt.today')}</span>
      </div>
      {groups.map((group) => (
        <MeasureGantt key={group.measure.id} group={group} today={today} />
      ))}
    </div>
  );
}
