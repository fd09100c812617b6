/**
 * The annual evaluation scheme: what the coordinating office configures for a
 * year (Outline VI(4)). Every mapping from inputs to points lives here as
 * data, so `describeScheme` can show it and `scoreUnit` holds no numbers of
 * its own.
 */
import { z } from 'zod';
import { FINDING_SEVERITIES, type Severity } from '../inspections/inspection-rules.js';
import { PROGRESS_STATUSES, type ProgressStatus } from '../progress/assess.js';

export const COMPONENT_KEYS = ['outcome', 'delivery', 'reporting', 'inspection'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/**
 * What a unit gets for a component it has no inputs for: the component's
 * points, none, or its weight spread over the other components in
 * proportion to theirs.
 */
export const NO_INPUT_RULES = ['reweight', 'full', 'none'] as const;
export type NoInputRule = (typeof NO_INPUT_RULES)[number];

export type Language = 'en' | 'zh';
export interface Bilingual {
  en: string;
  zh: string;
}

/** Floating-point slack when checking that weights add up. */
const SUM_TOLERANCE = 1e-9;

const weight = z.number().finite().min(0).max(100);
const share = z.number().finite().min(0).max(1);
const deduction = z.number().finite().min(0).max(100);
/** A fixed score from 0 to 1, or the share of the target attained (from the progress assessment). */
const statusScore = z.union([share, z.literal('share_attained')]);
export type StatusScore = z.infer<typeof statusScore>;

const statusPoints = z.object(
  Object.fromEntries(PROGRESS_STATUSES.map((status) => [status, statusScore])) as Record<
    ProgressStatus,
    typeof statusScore
  >,
);

const perComponent = <T extends z.ZodType>(schema: T) =>
  z.object({ outcome: schema, delivery: schema, reporting: schema, inspection: schema });

/** The scheme's fields without the cross-field checks (which `.omit` cannot carry). */
export const evaluationSchemeObject = z.object({
  /** Increases with every change the office makes to the year's scheme. */
  version: z.number().int().min(1),
  year: z.number().int().min(2000).max(2100),
  /** Points of each component; they add up to 100. */
  weights: perComponent(weight),
  whenNoInputs: perComponent(z.enum(NO_INPUT_RULES)),
  outcome: z.object({
    /** Score (0..1) of a target cascaded to the unit, by its progress status; averaged. */
    statusPoints,
  }),
  delivery: z.object({
    /** Shares of the component (adding up to 1). */
    weights: z.object({ tasks: share, milestones: share }),
  }),
  reporting: z.object({
    /** Shares of the component (adding up to 1). */
    weights: z.object({ completeness: share, timeliness: share, quality: share }),
  }),
  inspection: z.object({
    /** Points out of 100 of the component lost per open finding of each severity. */
    deductions: z.object(
      Object.fromEntries(FINDING_SEVERITIES.map((severity) => [severity, deduction])) as Record<
        Severity,
        typeof deduction
      >,
    ),
    /** Points out of 100 of the component lost per overdue rectification item. */
    overdueRectification: deduction,
  }),
});

/** Weights that must add up: the components to 100, each component's parts to 1. */
export function checkWeightsAddUp(
  scheme: Pick<z.infer<typeof evaluationSchemeObject>, 'weights' | 'delivery' | 'reporting'>,
  context: z.RefinementCtx,
): void {
  const mustAddUp = (path: string[], parts: Record<string, number>, expected: number) => {
    const sum = Object.values(parts).reduce((total, part) => total + part, 0);
    if (Math.abs(sum - expected) > SUM_TOLERANCE) {
      const listed = Object.entries(parts)
        .map(([key, value]) => `${key} ${value}`)
        .join(' + ');
      context.addIssue({
        code: 'custom',
        path,
        message: `the weights must add up to ${expected}: ${listed} = ${Number(sum.toFixed(9))}`,
      });
    }
  };
  mustAddUp(['weights'], scheme.weights, 100);
  mustAddUp(['delivery', 'weights'], scheme.delivery.weights, 1);
  mustAddUp(['reporting', 'weights'], scheme.reporting.weights, 1);
}

export const evaluationSchemeSchema = evaluationSchemeObject.superRefine(checkWeightsAddUp);

export type EvaluationScheme = z.infer<typeof evaluationSchemeSchema>;

/** A starting point for a year's scheme; the office changes it through a new version. */
export const DEFAULT_SCHEME: EvaluationScheme = evaluationSchemeSchema.parse({
  version: 1,
  year: 2020,
  weights: { outcome: 40, delivery: 25, reporting: 20, inspection: 15 },
  whenNoInputs: {
    outcome: 'reweight',
    delivery: 'reweight',
    reporting: 'reweight',
    inspection: 'reweight',
  },
  outcome: {
    statusPoints: {
      achieved: 1,
      on_track: 1,
      missed: 'share_attained',
      acceleration_needed: 0.6,
      limited_progress: 0.3,
      deterioration: 0,
      insufficient_data: 0,
    },
  },
  delivery: { weights: { tasks: 0.6, milestones: 0.4 } },
  reporting: { weights: { completeness: 0.4, timeliness: 0.3, quality: 0.3 } },
  inspection: { deductions: { critical: 10, major: 4, minor: 1 }, overdueRectification: 2 },
});

export const COMPONENT_LABELS: Record<ComponentKey, Bilingual> = {
  outcome: { en: 'Outcome', zh: '目标成效' },
  delivery: { en: 'Delivery', zh: '任务落实' },
  reporting: { en: 'Reporting', zh: '数据报送' },
  inspection: { en: 'Inspection', zh: '督查检查' },
};

export const STATUS_LABELS: Record<ProgressStatus, Bilingual> = {
  achieved: { en: 'achieved', zh: '已达成' },
  missed: { en: 'missed', zh: '未达成' },
  on_track: { en: 'on track', zh: '进展顺利' },
  acceleration_needed: { en: 'acceleration needed', zh: '需加快进度' },
  limited_progress: { en: 'limited progress', zh: '进展有限' },
  deterioration: { en: 'deterioration', zh: '倒退' },
  insufficient_data: { en: 'no data', zh: '数据不足' },
};

export const SEVERITY_LABELS: Record<Severity, Bilingual> = {
  critical: { en: 'critical', zh: '严重' },
  major: { en: 'major', zh: '较重' },
  minor: { en: 'minor', zh: '一般' },
};

/** Up to `decimals` places, without trailing zeros: 0.6, 33.33, 25. */
export function formatNumber(value: number, decimals = 2): string {
  return String(Number(value.toFixed(decimals)));
}

/** As percent of the weight shown to people: 0.6 → "60%". */
function percent(value: number): string {
  return `${formatNumber(value * 100, 1)}%`;
}

export interface SchemeRow {
  component: ComponentKey;
  /** The input, e.g. "Target status: missed". */
  input: string;
  /** How it maps to points. */
  points: string;
}

function noInputText(rule: NoInputRule, weightPoints: number): Bilingual {
  const points = formatNumber(weightPoints);
  switch (rule) {
    case 'reweight':
      return {
        en: `its ${points} points are spread over the other components in proportion to their weights`,
        zh: `其 ${points} 分按权重比例分配给其他部分`,
      };
    case 'full':
      return { en: `all ${points} points are awarded`, zh: `得满分 ${points} 分` };
    case 'none':
      return { en: `no points (0 of ${points})`, zh: `不得分（0/${points}）` };
  }
}

/** The whole scheme as rows of "input → points", for people to read next to the scores. */
export function describeScheme(scheme: EvaluationScheme, lang: Language): SchemeRow[] {
  const t = (text: Bilingual) => text[lang];
  const rows: SchemeRow[] = [];
  const row = (component: ComponentKey, input: Bilingual, points: Bilingual) =>
    rows.push({ component, input: t(input), points: t(points) });
  const w = scheme.weights;

  row(
    'outcome',
    { en: 'Targets cascaded to the unit', zh: '分解到本单位的目标' },
    {
      en: `${formatNumber(w.outcome)} points × the average score of its targets, by status:`,
      zh: `${formatNumber(w.outcome)} 分 × 各目标按进展状态得分的平均值：`,
    },
  );
  for (const status of PROGRESS_STATUSES) {
    const score = scheme.outcome.statusPoints[status];
    const label = STATUS_LABELS[status];
    row(
      'outcome',
      { en: `Target status: ${label.en}`, zh: `目标状态：${label.zh}` },
      score === 'share_attained'
        ? { en: 'the share of the target attained (0 to 1)', zh: '目标完成比例（0 至 1）' }
        : { en: formatNumber(score, 3), zh: formatNumber(score, 3) },
    );
  }

  const delivery = scheme.delivery.weights;
  row(
    'delivery',
    { en: 'Tasks due in the year', zh: '当年到期的任务' },
    {
      en: `${percent(delivery.tasks)} of ${formatNumber(w.delivery)} points × the share done by their due date`,
      zh: `${formatNumber(w.delivery)} 分的 ${percent(delivery.tasks)} × 按期完成的比例`,
    },
  );
  row(
    'delivery',
    { en: 'Milestones due in the year', zh: '当年到期的里程碑' },
    {
      en: `${percent(delivery.milestones)} of ${formatNumber(w.delivery)} points × the share met by their date`,
      zh: `${formatNumber(w.delivery)} 分的 ${percent(delivery.milestones)} × 按期完成的比例`,
    },
  );

  const reporting = scheme.reporting.weights;
  const of = formatNumber(w.reporting);
  row(
    'reporting',
    { en: 'Completeness', zh: '完整性' },
    {
      en: `${percent(reporting.completeness)} of ${of} points × values reported / values expected`,
      zh: `${of} 分的 ${percent(reporting.completeness)} × 已报数值 / 应报数值`,
    },
  );
  row(
    'reporting',
    { en: 'Timeliness', zh: '及时性' },
    {
      en: `${percent(reporting.timeliness)} of ${of} points × forms submitted on time / forms expected`,
      zh: `${of} 分的 ${percent(reporting.timeliness)} × 按时提交的报表 / 应报报表`,
    },
  );
  row(
    'reporting',
    { en: 'Quality', zh: '质量' },
    {
      en: `${percent(reporting.quality)} of ${of} points × (1 − share of submitted forms returned)`,
      zh: `${of} 分的 ${percent(reporting.quality)} × （1 − 被退回报表占已提交报表的比例）`,
    },
  );

  const inspection = scheme.inspection;
  row(
    'inspection',
    { en: 'Start', zh: '起始' },
    {
      en: `${formatNumber(w.inspection)} points, less the deductions below (each out of 100 of the component), never below 0`,
      zh: `${formatNumber(w.inspection)} 分，扣除以下各项（按本部分百分制计），最低 0 分`,
    },
  );
  for (const severity of [...FINDING_SEVERITIES].reverse()) {
    const label = SEVERITY_LABELS[severity];
    const points = formatNumber(inspection.deductions[severity]);
    row(
      'inspection',
      { en: `Open ${label.en} finding`, zh: `未整改完毕的${label.zh}问题` },
      { en: `−${points} per finding`, zh: `每个扣 ${points}` },
    );
  }
  const overdue = formatNumber(inspection.overdueRectification);
  row(
    'inspection',
    { en: 'Overdue rectification item', zh: '逾期未完成的整改事项' },
    { en: `−${overdue} per item`, zh: `每项扣 ${overdue}` },
  );

  for (const key of COMPONENT_KEYS) {
    row(
      key,
      { en: 'No inputs in the year', zh: '当年无评价依据' },
      noInputText(scheme.whenNoInputs[key], w[key]),
    );
  }
  // Stable sort: each component's rows together, its no-input rule last.
  return rows.sort(
    (a, b) => COMPONENT_KEYS.indexOf(a.component) - COMPONENT_KEYS.indexOf(b.component),
  );
}
