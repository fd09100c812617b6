/**
 * Scores one unit for a year under a scheme. Every point awarded or lost is
 * an item naming its input (target, task, milestone, form, finding) with the
 * reason in English and Chinese; component points and the total are the sums
 * of those items in full precision (rounding is for presentation only).
 * Inputs are sorted by stable keys first, so their order never matters.
 */
import { type Severity } from '../inspections/inspection-rules.js';
import { type ProgressStatus } from '../progress/assess.js';
import {
  COMPONENT_KEYS,
  COMPONENT_LABELS,
  formatNumber,
  SEVERITY_LABELS,
  STATUS_LABELS,
  type Bilingual,
  type ComponentKey,
  type EvaluationScheme,
} from './scheme.js';

/** A target cascaded to the unit, with its progress assessment for the year. */
export interface TargetInput {
  id: number;
  indicator: string;
  /** The target's year. */
  year: number;
  /** `insufficient_data` when no assessment could be made. */
  status: ProgressStatus;
  /** From the assessment (achieved / missed); null when not known. */
  shareAttained: number | null;
}

/** A task led by the unit and due in the year. */
export interface TaskInput {
  id: number;
  title: string;
  dueOn: string;
  doneOn: string | null;
}

/** A milestone of the unit's tasks due in the year. */
export interface MilestoneInput {
  id: number;
  taskId: number;
  title: string;
  dueOn: string;
  doneOn: string | null;
}

export const SUBMISSION_TIMINGS = ['on_time', 'late', 'not_submitted'] as const;
export type SubmissionTiming = (typeof SUBMISSION_TIMINGS)[number];

/** A form (data set and period) the unit was expected to report for the year. */
export interface FormInput {
  dataSet: string;
  period: string;
  valuesExpected: number;
  valuesReported: number;
  /** By the first submission against the reporting window. */
  submission: SubmissionTiming;
  /** Whether a reviewer ever returned it. */
  returned: boolean;
}

/** A finding against the unit still open on the evaluation day. */
export interface FindingInput {
  id: number;
  severity: Severity;
  description: string;
}

/** A rectification item owned by the unit, open and past its due day on the evaluation day. */
export interface OverdueRectificationInput {
  id: number;
  findingId: number;
  title: string;
  dueOn: string;
}

export interface UnitEvaluationInputs {
  unit: string;
  targets: readonly TargetInput[];
  tasks: readonly TaskInput[];
  milestones: readonly MilestoneInput[];
  forms: readonly FormInput[];
  inspection: {
    /** Inspections of the unit held in the year. */
    inspections: number;
    openFindings: readonly FindingInput[];
    overdueRectifications: readonly OverdueRectificationInput[];
  };
}

export type ScoreItemKind =
  | 'target'
  | 'task'
  | 'milestone'
  | 'completeness'
  | 'timeliness'
  | 'quality'
  | 'inspection_start'
  | 'finding'
  | 'overdue_rectification'
  | 'no_inputs'
  | 'reweighted';

export interface ScoreItem {
  /** `target:12`, `task:5`, `milestone:7`, `<data set>/<period>`, `finding:3`, `rectification:9`, or a component key. */
  ref: string;
  kind: ScoreItemKind;
  /** Awarded (negative for a deduction). */
  points: number;
  /** At stake on this item (0 for deductions and notes). */
  max: number;
  reason: Bilingual;
}

export interface ComponentScore {
  key: ComponentKey;
  /** The scheme's weight. */
  weight: number;
  /** After spreading the weights of components without inputs (0 for those). */
  effectiveWeight: number;
  points: number;
  items: ScoreItem[];
}

export interface UnitScore {
  unit: string;
  year: number;
  schemeVersion: number;
  /**
   * False when the unit had no inputs in any component: it is listed as not
   * evaluated and left out of the ranking, whatever the scheme awards.
   */
  evaluated: boolean;
  total: number;
  components: ComponentScore[];
}

const points2 = (value: number) => value.toFixed(2);
const quote = (title: string) => `“${title}”`;

type SortKey = readonly (string | number)[];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/** Sorted by the key, then by the whole record, so even duplicates land in one order. */
function sortedBy<T>(items: readonly T[], key: (item: T) => SortKey): T[] {
  return [...items].sort((a, b) =>
    compareKeys([...key(a), JSON.stringify(a)], [...key(b), JSON.stringify(b)]),
  );
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, major: 1, minor: 2 };

function sortInputs(inputs: UnitEvaluationInputs): UnitEvaluationInputs {
  return {
    unit: inputs.unit,
    targets: sortedBy(inputs.targets, (t) => [t.indicator, t.year, t.id]),
    tasks: sortedBy(inputs.tasks, (t) => [t.dueOn, t.id]),
    milestones: sortedBy(inputs.milestones, (m) => [m.dueOn, m.taskId, m.id]),
    forms: sortedBy(inputs.forms, (f) => [f.dataSet, f.period]),
    inspection: {
      inspections: inputs.inspection.inspections,
      // Worst first: where the floor cuts a deduction short, it cuts the mildest.
      openFindings: sortedBy(inputs.inspection.openFindings, (f) => [
        SEVERITY_ORDER[f.severity],
        f.id,
      ]),
      overdueRectifications: sortedBy(inputs.inspection.overdueRectifications, (r) => [
        r.dueOn,
        r.id,
      ]),
    },
  };
}

/** A part of a component with its share of the component's points. */
interface SubPart {
  share: number;
  present: boolean;
  /** What has no inputs, for the note: "No tasks due in 2020". */
  missing: Bilingual;
  label: Bilingual;
}

/**
 * The points each part of a component carries; the shares of parts without
 * inputs go to the others in proportion, with a note saying so.
 */
function spreadSubParts(
  component: number,
  parts: Record<string, SubPart>,
  ref: string,
): { points: Record<string, number>; notes: ScoreItem[] } {
  const entries = Object.entries(parts);
  const presentShare = entries.reduce((sum, [, p]) => sum + (p.present ? p.share : 0), 0);
  const allPresent = entries.every(([, p]) => p.present || p.share === 0);
  const points: Record<string, number> = {};
  const notes: ScoreItem[] = [];
  for (const [key, part] of entries) {
    if (!part.present) {
      points[key] = 0;
      continue;
    }
    points[key] = allPresent ? component * part.share : (component * part.share) / presentShare;
  }
  const receivers = entries.filter(([, p]) => p.present && p.share > 0).map(([, p]) => p.label);
  for (const [, part] of entries) {
    if (part.present || part.share === 0) continue;
    const pct = formatNumber(part.share * 100, 1);
    notes.push({
      ref,
      kind: 'no_inputs',
      points: 0,
      max: 0,
      reason: {
        en: `${part.missing.en}: its ${pct}% share goes to ${receivers.map((r) => r.en).join(' and ')} in proportion`,
        zh: `${part.missing.zh}：其 ${pct}% 的份额按比例计入${receivers.map((r) => r.zh).join('和')}`,
      },
    });
  }
  return { points, notes };
}

/** `score × carried / n noun = points` in both languages. */
function share(
  score: number,
  carried: number,
  count: number,
  noun: Bilingual,
): { points: number; text: Bilingual } {
  const points = (score * carried) / count;
  const formula = `${formatNumber(score, 3)} × ${formatNumber(carried)} / ${count}`;
  return {
    points,
    text: {
      en: `${formula} ${noun.en} = ${points2(points)} points`,
      zh: `${formula} ${noun.zh} = ${points2(points)} 分`,
    },
  };
}

function scoreOutcome(
  scheme: EvaluationScheme,
  targets: readonly TargetInput[],
  weight: number,
): ScoreItem[] {
  return targets.map((target) => {
    const rule = scheme.outcome.statusPoints[target.status];
    const label = STATUS_LABELS[target.status];
    let score: number;
    let state: Bilingual;
    if (rule !== 'share_attained') {
      score = rule;
      state = { en: label.en, zh: label.zh };
    } else if (target.shareAttained === null) {
      score = 0;
      state = { en: `${label.en}, share attained unknown`, zh: `${label.zh}，完成比例未知` };
    } else {
      score = Math.min(1, Math.max(0, target.shareAttained));
      const pct = formatNumber(target.shareAttained * 100, 1);
      const capped = target.shareAttained > 1 || target.shareAttained < 0;
      state = {
        en: `${label.en} at ${pct}% attained${capped ? ` (counted as ${formatNumber(score * 100, 1)}%)` : ''}`,
        zh: `${label.zh}，完成 ${pct}%${capped ? `（按 ${formatNumber(score * 100, 1)}% 计）` : ''}`,
      };
    }
    const awarded = share(score, weight, targets.length, { en: 'targets', zh: '个目标' });
    return {
      ref: `target:${target.id}`,
      kind: 'target',
      points: awarded.points,
      max: weight / targets.length,
      reason: {
        en: `Target ${target.indicator} ${target.year}: ${state.en} → ${awarded.text.en}`,
        zh: `目标 ${target.indicator} ${target.year}：${state.zh} → ${awarded.text.zh}`,
      },
    };
  });
}

function doneState(dueOn: string, doneOn: string | null): { onTime: boolean; state: Bilingual } {
  if (doneOn === null) return { onTime: false, state: { en: 'not done', zh: '未完成' } };
  if (doneOn <= dueOn) {
    return { onTime: true, state: { en: `done ${doneOn}, on time`, zh: `${doneOn} 完成，按期` } };
  }
  return {
    onTime: false,
    state: { en: `done ${doneOn}, after its due date`, zh: `${doneOn} 完成，逾期` },
  };
}

function scoreDelivery(
  scheme: EvaluationScheme,
  inputs: UnitEvaluationInputs,
  weight: number,
): ScoreItem[] {
  const { tasks, milestones } = inputs;
  const year = scheme.year;
  const spread = spreadSubParts(
    weight,
    {
      tasks: {
        share: scheme.delivery.weights.tasks,
        present: tasks.length > 0,
        missing: { en: `No tasks due in ${year}`, zh: `${year} 年无到期任务` },
        label: { en: 'tasks', zh: '任务' },
      },
      milestones: {
        share: scheme.delivery.weights.milestones,
        present: milestones.length > 0,
        missing: { en: `No milestones due in ${year}`, zh: `${year} 年无到期里程碑` },
        label: { en: 'milestones', zh: '里程碑' },
      },
    },
    'delivery',
  );
  const taskPoints = spread.points.tasks!;
  const milestonePoints = spread.points.milestones!;
  const items: ScoreItem[] = [...spread.notes];
  for (const task of tasks) {
    const { onTime, state } = doneState(task.dueOn, task.doneOn);
    const awarded = share(onTime ? 1 : 0, taskPoints, tasks.length, {
      en: 'tasks',
      zh: '项任务',
    });
    items.push({
      ref: `task:${task.id}`,
      kind: 'task',
      points: awarded.points,
      max: taskPoints / tasks.length,
      reason: {
        en: `Task ${task.id} ${quote(task.title)} due ${task.dueOn}: ${state.en} → ${awarded.text.en}`,
        zh: `任务 ${task.id}${quote(task.title)}（${task.dueOn} 到期）：${state.zh} → ${awarded.text.zh}`,
      },
    });
  }
  for (const milestone of milestones) {
    const { onTime, state } = doneState(milestone.dueOn, milestone.doneOn);
    const awarded = share(onTime ? 1 : 0, milestonePoints, milestones.length, {
      en: 'milestones',
      zh: '个里程碑',
    });
    items.push({
      ref: `milestone:${milestone.id}`,
      kind: 'milestone',
      points: awarded.points,
      max: milestonePoints / milestones.length,
      reason: {
        en: `Milestone ${milestone.id} ${quote(milestone.title)} of task ${milestone.taskId} due ${milestone.dueOn}: ${state.en} → ${awarded.text.en}`,
        zh: `任务 ${milestone.taskId} 的里程碑 ${milestone.id}${quote(milestone.title)}（${milestone.dueOn} 到期）：${state.zh} → ${awarded.text.zh}`,
      },
    });
  }
  return items;
}

const TIMING_TEXT: Record<SubmissionTiming, Bilingual> = {
  on_time: { en: 'submitted on time', zh: '按时提交' },
  late: { en: 'submitted late', zh: '逾期提交' },
  not_submitted: { en: 'not submitted', zh: '未提交' },
};

function reportingParts(scheme: EvaluationScheme, forms: readonly FormInput[]) {
  const expected = forms.filter((form) => form.valuesExpected > 0);
  const submitted = forms.filter((form) => form.submission !== 'not_submitted');
  const totalExpected = expected.reduce((sum, form) => sum + form.valuesExpected, 0);
  const weights = scheme.reporting.weights;
  const year = scheme.year;
  return {
    expected,
    submitted,
    totalExpected,
    parts: {
      completeness: {
        share: weights.completeness,
        present: totalExpected > 0,
        missing: { en: `No values expected in ${year}`, zh: `${year} 年无应报数值` },
        label: { en: 'completeness', zh: '完整性' },
      },
      timeliness: {
        share: weights.timeliness,
        present: forms.length > 0,
        missing: { en: `No forms expected in ${year}`, zh: `${year} 年无应报报表` },
        label: { en: 'timeliness', zh: '及时性' },
      },
      quality: {
        share: weights.quality,
        present: submitted.length > 0,
        missing: { en: `No forms submitted in ${year}`, zh: `${year} 年无已提交报表` },
        label: { en: 'quality', zh: '质量' },
      },
    } satisfies Record<string, SubPart>,
  };
}

function scoreReporting(
  scheme: EvaluationScheme,
  forms: readonly FormInput[],
  weight: number,
): ScoreItem[] {
  const { expected, submitted, totalExpected, parts } = reportingParts(scheme, forms);
  const spread = spreadSubParts(weight, parts, 'reporting');
  const items: ScoreItem[] = [...spread.notes];
  const completeness = spread.points.completeness!;
  for (const form of expected) {
    const counted = Math.min(form.valuesReported, form.valuesExpected);
    const points = (counted * completeness) / totalExpected;
    const over = form.valuesReported > form.valuesExpected;
    const formula = `${counted} / ${totalExpected} × ${formatNumber(completeness)}`;
    items.push({
      ref: `${form.dataSet}/${form.period}`,
      kind: 'completeness',
      points,
      max: (form.valuesExpected * completeness) / totalExpected,
      reason: {
        en: `Form ${form.dataSet} ${form.period}: ${form.valuesReported} of ${form.valuesExpected} values reported${over ? ` (counted as ${counted})` : ''} → ${formula} values expected = ${points2(points)} points`,
        zh: `报表 ${form.dataSet} ${form.period}：应报 ${form.valuesExpected} 个数值，已报 ${form.valuesReported} 个${over ? `（按 ${counted} 计）` : ''} → ${formula} 个应报数值 = ${points2(points)} 分`,
      },
    });
  }
  const timeliness = spread.points.timeliness!;
  for (const form of forms) {
    const awarded = share(form.submission === 'on_time' ? 1 : 0, timeliness, forms.length, {
      en: 'forms',
      zh: '张报表',
    });
    const timing = TIMING_TEXT[form.submission];
    items.push({
      ref: `${form.dataSet}/${form.period}`,
      kind: 'timeliness',
      points: awarded.points,
      max: timeliness / forms.length,
      reason: {
        en: `Form ${form.dataSet} ${form.period}: ${timing.en} → ${awarded.text.en}`,
        zh: `报表 ${form.dataSet} ${form.period}：${timing.zh} → ${awarded.text.zh}`,
      },
    });
  }
  const quality = spread.points.quality!;
  for (const form of submitted) {
    const awarded = share(form.returned ? 0 : 1, quality, submitted.length, {
      en: 'submitted forms',
      zh: '张已提交报表',
    });
    const state: Bilingual = form.returned
      ? { en: 'returned for correction', zh: '被退回修改' }
      : { en: 'not returned', zh: '未被退回' };
    items.push({
      ref: `${form.dataSet}/${form.period}`,
      kind: 'quality',
      points: awarded.points,
      max: quality / submitted.length,
      reason: {
        en: `Form ${form.dataSet} ${form.period}: ${state.en} → ${awarded.text.en}`,
        zh: `报表 ${form.dataSet} ${form.period}：${state.zh} → ${awarded.text.zh}`,
      },
    });
  }
  return items;
}

function scoreInspection(
  scheme: EvaluationScheme,
  inspection: UnitEvaluationInputs['inspection'],
  weight: number,
): ScoreItem[] {
  const held = inspection.inspections;
  const items: ScoreItem[] = [
    {
      ref: 'inspection',
      kind: 'inspection_start',
      points: weight,
      max: weight,
      reason: {
        en: `Inspected ${held} time${held === 1 ? '' : 's'} in ${scheme.year}: starts at ${points2(weight)} points`,
        zh: `${scheme.year} 年接受督查 ${held} 次：起始 ${points2(weight)} 分`,
      },
    },
  ];
  // Tracked as the items are written, so the component sums to exactly 0 at the floor.
  let remaining = weight;
  const deduct = (ref: string, kind: ScoreItemKind, per100: number, what: Bilingual) => {
    const nominal = (weight * per100) / 100;
    const lost = Math.min(nominal, remaining);
    remaining -= lost;
    const cut = lost < nominal;
    const rule = `−${formatNumber(per100)} / 100 × ${formatNumber(weight)}`;
    const floorText: Bilingual =
      lost === 0
        ? { en: ', nothing left above the floor of 0', zh: '，已扣至 0 分，不再扣分' }
        : {
            en: `, cut to −${points2(lost)} at the floor of 0`,
            zh: `，以 0 分为底，实扣 ${points2(lost)} 分`,
          };
    items.push({
      ref,
      kind,
      // 0 - lost, not -lost: a zero deduction stays +0, which deep equality tells apart from -0.
      points: 0 - lost,
      max: 0,
      reason: {
        en: `${what.en}: ${rule} = −${points2(nominal)} points${cut ? floorText.en : ''}`,
        zh: `${what.zh}：${rule} = −${points2(nominal)} 分${cut ? floorText.zh : ''}`,
      },
    });
  };
  for (const finding of inspection.openFindings) {
    const label = SEVERITY_LABELS[finding.severity];
    deduct(`finding:${finding.id}`, 'finding', scheme.inspection.deductions[finding.severity], {
      en: `Open ${label.en} finding ${finding.id} ${quote(finding.description)}`,
      zh: `未整改完毕的${label.zh}问题 ${finding.id}${quote(finding.description)}`,
    });
  }
  for (const item of inspection.overdueRectifications) {
    deduct(
      `rectification:${item.id}`,
      'overdue_rectification',
      scheme.inspection.overdueRectification,
      {
        en: `Rectification item ${item.id} ${quote(item.title)} of finding ${item.findingId}, overdue since ${item.dueOn}`,
        zh: `问题 ${item.findingId} 的整改事项 ${item.id}${quote(item.title)}，${item.dueOn} 到期未完成`,
      },
    );
  }
  return items;
}

function hasInputs(scheme: EvaluationScheme, inputs: UnitEvaluationInputs, key: ComponentKey) {
  const present = (parts: Record<string, SubPart>) =>
    Object.values(parts).some((part) => part.present && part.share > 0);
  switch (key) {
    case 'outcome':
      return inputs.targets.length > 0;
    case 'delivery':
      return (
        (inputs.tasks.length > 0 && scheme.delivery.weights.tasks > 0) ||
        (inputs.milestones.length > 0 && scheme.delivery.weights.milestones > 0)
      );
    case 'reporting':
      return present(reportingParts(scheme, inputs.forms).parts);
    case 'inspection': {
      const { inspections, openFindings, overdueRectifications } = inputs.inspection;
      return inspections > 0 || openFindings.length > 0 || overdueRectifications.length > 0;
    }
  }
}

function labels(keys: readonly ComponentKey[]): Bilingual {
  return {
    en: keys.map((key) => COMPONENT_LABELS[key].en.toLowerCase()).join(', '),
    zh: keys.map((key) => COMPONENT_LABELS[key].zh).join('、'),
  };
}

function noInputItem(
  scheme: EvaluationScheme,
  key: ComponentKey,
  effectiveWeight: number,
  receivers: readonly ComponentKey[],
): ScoreItem {
  const label = COMPONENT_LABELS[key];
  const none: Bilingual = {
    en: `${label.en}: no inputs for ${scheme.year}`,
    zh: `${label.zh}：${scheme.year} 年无评价依据`,
  };
  const weight = formatNumber(scheme.weights[key]);
  const base = { ref: key, kind: 'no_inputs' as const };
  switch (scheme.whenNoInputs[key]) {
    case 'reweight': {
      const to = labels(receivers);
      return {
        ...base,
        points: 0,
        max: 0,
        reason: {
          en: `${none.en}; its ${weight} points are spread over ${to.en} in proportion to their weights`,
          zh: `${none.zh}，其 ${weight} 分按权重比例分配给${to.zh}`,
        },
      };
    }
    case 'full':
      return {
        ...base,
        points: effectiveWeight,
        max: effectiveWeight,
        reason: {
          en: `${none.en}; the scheme awards all ${points2(effectiveWeight)} points`,
          zh: `${none.zh}，按方案得满分 ${points2(effectiveWeight)} 分`,
        },
      };
    case 'none':
      return {
        ...base,
        points: 0,
        max: effectiveWeight,
        reason: {
          en: `${none.en}; the scheme awards no points (0 of ${points2(effectiveWeight)})`,
          zh: `${none.zh}，按方案不得分（0/${points2(effectiveWeight)}）`,
        },
      };
  }
}

export function scoreUnit(scheme: EvaluationScheme, unsorted: UnitEvaluationInputs): UnitScore {
  const inputs = sortInputs(unsorted);
  const withInputs = new Set(COMPONENT_KEYS.filter((key) => hasInputs(scheme, inputs, key)));
  const spreadAway = COMPONENT_KEYS.filter(
    (key) => !withInputs.has(key) && scheme.whenNoInputs[key] === 'reweight',
  );
  const kept = COMPONENT_KEYS.filter((key) => !spreadAway.includes(key));
  const keptWeight = kept.reduce((sum, key) => sum + scheme.weights[key], 0);
  const effectiveWeight = (key: ComponentKey): number => {
    if (spreadAway.length === 0) return scheme.weights[key];
    if (spreadAway.includes(key) || keptWeight === 0) return 0;
    return (scheme.weights[key] * 100) / keptWeight;
  };

  const components = COMPONENT_KEYS.map((key): ComponentScore => {
    const weight = effectiveWeight(key);
    const items: ScoreItem[] = [];
    if (!withInputs.has(key)) {
      items.push(noInputItem(scheme, key, weight, kept));
    } else {
      if (spreadAway.length > 0) {
        items.push({
          ref: key,
          kind: 'reweighted',
          points: 0,
          max: 0,
          reason: {
            en: `Weight ${formatNumber(scheme.weights[key])} × 100 / ${formatNumber(keptWeight)} = ${formatNumber(weight)}, taking a share of ${labels(spreadAway).en}, which had no inputs`,
            zh: `权重 ${formatNumber(scheme.weights[key])} × 100 / ${formatNumber(keptWeight)} = ${formatNumber(weight)}，分担无评价依据的${labels(spreadAway).zh}的分值`,
          },
        });
      }
      switch (key) {
        case 'outcome':
          items.push(...scoreOutcome(scheme, inputs.targets, weight));
          break;
        case 'delivery':
          items.push(...scoreDelivery(scheme, inputs, weight));
          break;
        case 'reporting':
          items.push(...scoreReporting(scheme, inputs.forms, weight));
          break;
        case 'inspection':
          items.push(...scoreInspection(scheme, inputs.inspection, weight));
          break;
      }
    }
    return {
      key,
      weight: scheme.weights[key],
      effectiveWeight: weight,
      points: items.reduce((sum, item) => sum + item.points, 0),
      items,
    };
  });

  return {
    unit: inputs.unit,
    year: scheme.year,
    schemeVersion: scheme.version,
    evaluated: withInputs.size > 0,
    total: components.reduce((sum, component) => sum + component.points, 0),
    components,
  };
}
