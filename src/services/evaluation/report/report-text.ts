/**
 * Every string of the yearly report (HTML, PDF and workbook) in both
 * languages, under the same keys. Placeholders are `{name}`; a test checks
 * that both languages have the same keys and the same placeholders.
 */

export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const EN = {
  // Title page
  reportKind: 'Annual monitoring and evaluation report',
  reportYear: 'Year {year}',
  issued: 'Issued {date} by {issuers}',
  generatedAt: 'Generated {at} (UTC) from the Planwatch store',
  runPublished: 'Evaluation: published run {id}, inputs as of {cutoff}, published {publishedAt}',
  runDraft: 'Evaluation: DRAFT run {id}, inputs as of {cutoff}, not published',
  runNone: 'Evaluation: no evaluation has been run for {year}',
  runUnpublished: 'Evaluation: the {year} evaluation has not been published yet',
  methodLine: 'Progress assessed by the {method}',
  figuresLine: 'Published figures up to the end of {year}; statuses as assessed on {asOf}',
  contents: 'Contents',
  // Sections
  sectionProgress: '1. Progress to the targets of the Outline',
  sectionDelivery: '2. Task delivery',
  sectionInspections: '3. Inspection results',
  sectionRanking: '4. Evaluation ranking',
  sectionAnnex: 'Annex: figures behind this report',
  // Progress
  progressIntro:
    'The Outline sets {count} targets ({numeric} numeric, {qualitative} qualitative) for {years}. Each is listed with the latest published national figure up to {year}, its source, and its status with the reason.',
  progressMissing: '{count} targets have no published figure or recorded evidence up to {year}.',
  chartStatusTitle: 'Targets by status and target year',
  chartStatusYear: '{year} targets',
  chartSeriesTitle: 'Published figures up to {year} against each numeric target',
  chartTargetLine: 'Target {year}: {value}',
  chartNoFigures: 'No published figures up to {year}',
  colIndicator: 'Indicator',
  colTargetYear: 'Target year',
  colTarget: 'Target',
  colLatest: 'Latest figure up to {year}',
  colSource: 'Source',
  colStatus: 'Status',
  colExplanation: 'Why',
  noFigure: 'No published figure up to {year}',
  noEvidence: 'No evidence recorded',
  // Statuses and methods
  status_achieved: 'Achieved',
  status_missed: 'Missed',
  status_on_track: 'On track',
  status_acceleration_needed: 'Acceleration needed',
  status_limited_progress: 'Limited progress',
  status_deterioration: 'Deterioration',
  status_insufficient_data: 'Insufficient data',
  method_unsd_cagr_ratio: 'UNSD Progress Chart method (ratio of growth rates, CR)',
  method_unsd_extrapolation: 'UNSD extrapolation method (share of the distance covered, r)',
  method_statcan: 'Statistics Canada / Open SDG method (progress ratio R)',
  band_substantial_progress_on_track: 'Substantial progress / on track',
  band_fair_progress_but_acceleration_needed: 'Fair progress, but acceleration needed',
  band_limited_or_no_progress: 'Limited or no progress',
  band_deterioration: 'Deterioration',
  band_target_met_or_almost_met: 'Target met or almost met',
  band_moderate_progress: 'Moderate progress',
  band_marginal_progress: 'Marginal progress',
  band_stagnation: 'Stagnation',
  band_regression: 'Regression',
  band_on_track: 'On track',
  band_progress_made_but_acceleration_needed: 'Progress made but acceleration needed',
  band_limited_progress: 'Limited progress',
  comparator_at_least: 'at least {value}',
  comparator_at_most: 'at most {value}',
  comparator_approach: 'approaching {value}',
  // Explanations (the web's explain view says the same)
  explainFinal: '{period}: {latest} against a target of {target}, {share} of the target: {status}.',
  explainEarly:
    '{period}: {latest} already meets the target of {target} before {year} ({share} of the target).',
  explain_unsd_cagr_ratio:
    'From {base} ({basePeriod}) to {latest} ({period}), growth has been {symbol} = {ratio} times what reaching {target} by {year} needs: {band}.',
  explain_unsd_extrapolation:
    'At the growth from {basePeriod} to {period} ({latest}), the projection would cover {symbol} = {ratio} of the distance to {target} by {year}: {band}.',
  explain_statcan:
    'From {base} ({basePeriod}) to {latest} ({period}), the progress ratio toward {target} by {year} is {symbol} = {ratio}: {band}.',
  reason_no_observation_by_target_year:
    'There is no published figure at or before the target year.',
  reason_base_not_before_target_year:
    'The base is not before the target year: no growth is required over time.',
  reason_no_observation_after_base:
    'The latest figure is not later than the base: growth needs two distinct time points.',
  reason_non_positive_value:
    'A value the growth rate needs (base, latest or target) is zero or negative.',
  reason_no_required_change: 'The target equals the base: the required growth is zero.',
  milestoneNone: 'No evidence recorded for this milestone (deadline {deadline}): {status}.',
  milestoneSome: 'Latest evidence: {evidence}, recorded {date} (deadline {deadline}): {status}.',
  evidence_achieved: 'achieved',
  evidence_not_achieved: 'not achieved',
  evidence_in_progress: 'in progress',
  evidence_not_started: 'not started',
  // Periods
  periodHalf1: '{year} H1',
  periodHalf2: '{year} H2',
  periodQuarter: '{year} Q{quarter}',
  periodMonth: '{year}-{month}',
  // Tasks
  deliveryIntro:
    'Tasks due in {year} under the Outline’s measures, by the level of their lead unit; the shipped example tasks are left out.',
  deliveryNone:
    'No tasks fall due in {year} (the shipped example tasks are left out): there is no delivery to report.',
  chartDeliveryTitle: 'Tasks due in {year} by lead unit level',
  colLevel: 'Lead unit level',
  colDue: 'Due in {year}',
  colOnTime: 'Done on time',
  colLate: 'Done late',
  colOpen: 'Not done',
  colOnTimeShare: 'On time',
  total: 'Total',
  level_nation: 'National',
  level_province: 'Province',
  level_prefecture: 'Prefecture',
  level_county: 'County',
  level_department: 'Central department',
  colTask: 'Task',
  colLeadUnit: 'Lead unit',
  colDueOn: 'Due',
  colDoneOn: 'Done',
  colDelivery: 'Delivery',
  delivery_on_time: 'on time',
  delivery_late: 'late',
  delivery_open: 'not done',
  // Inspections
  inspectionsIntro:
    'Units inspected in {year}: findings still open and rectification items open and overdue as of {asOf}.',
  inspectionsNone: 'No inspections were held in {year}.',
  colUnit: 'Unit',
  colInspections: 'Inspections',
  colCritical: 'Open critical findings',
  colMajor: 'Open major findings',
  colMinor: 'Open minor findings',
  colOpenFindings: 'Open findings',
  colOpenRectifications: 'Open rectification items',
  colOverdueRectifications: 'Overdue rectification items',
  // Ranking
  rankingIntro:
    'Provinces and central departments ranked by total points (of 100) under scheme version {scheme}, inputs as of {cutoff}; change against the {previous} published ranking.',
  rankingDraft:
    'DRAFT: this ranking has not been published and can still change when the evaluation is run again.',
  rankingNone:
    'No evaluation has been run for {year}, so there is no ranking. Run `planwatch evaluate --year {year}` to score the units.',
  rankingUnpublished:
    'The {year} evaluation has not been published yet, so its ranking is not shown here.',
  rankingNotEvaluated:
    '{count} units had no inputs for {year} (no targets, tasks, forms or inspections) and are not ranked: {units}.',
  rankingEmpty: 'No unit had inputs for {year}: nobody is ranked.',
  chartRankingTitle: 'Points by component, top {count} units',
  colRank: 'Rank',
  colTotal: 'Total',
  colChange: 'Change',
  colRankChange: 'Rank change',
  colTotalChange: 'Points change',
  changeNew: 'new',
  component_outcome: 'Outcome',
  component_delivery: 'Delivery',
  component_reporting: 'Reporting',
  component_inspection: 'Inspection',
  // Annex
  annexIntro:
    'Every published national figure of the Outline’s indicators up to {year}, as stored, with its source.',
  annexNone: 'No published figures up to {year}.',
  colOrgUnit: 'Unit',
  colPeriod: 'Period',
  colValue: 'Value',
  colUnitOfMeasure: 'Unit of measure',
  colBasis: 'Basis',
  colReleased: 'Released',
  colWhereFound: 'Where found',
  colConfidence: 'Confidence',
  noSource: 'not recorded',
  notKnown: '—',
  // Workbook
  colIndicatorCode: 'Indicator code',
  colTargetValue: 'Target value',
  colComparator: 'Comparator',
  colLatestPeriod: 'Latest period',
  colLatestValue: 'Latest value',
  colShareAttained: 'Share attained',
  colFinal: 'Final',
  colTaskId: 'Task id',
  colUnitCode: 'Unit code',
  colLevelName: 'Level',
  yes: 'yes',
  no: 'no',
  // Footer
  pageOf: 'Page {page} of {pages}',
} as const;

export type ReportTextKey = keyof typeof EN;

const ZH: Record<ReportTextKey, string> = {
  reportKind: '年度监测评估报告',
  reportYear: '{year} 年度',
  issued: '{issuers}于 {date} 印发',
  generatedAt: '根据 Planwatch 数据库生成于 {at}（UTC）',
  runPublished: '年度评估：已发布（第 {id} 次评估，数据截至 {cutoff}，发布于 {publishedAt}）',
  runDraft: '年度评估：草稿（第 {id} 次评估，数据截至 {cutoff}，尚未发布）',
  runNone: '年度评估：{year} 年尚未开展评估',
  runUnpublished: '年度评估：{year} 年评估结果尚未发布',
  methodLine: '进展评估方法：{method}',
  figuresLine: '采用截至 {year} 年底已发布的数据；状态按 {asOf} 的评估',
  contents: '目录',
  sectionProgress: '一、《纲要》目标进展情况',
  sectionDelivery: '二、任务落实情况',
  sectionInspections: '三、督查检查情况',
  sectionRanking: '四、年度评估排名',
  sectionAnnex: '附件：本报告所用数据',
  progressIntro:
    '《纲要》为 {years} 年设定了 {count} 项目标（数值目标 {numeric} 项，定性目标 {qualitative} 项）。下表列出每项目标截至 {year} 年最新的全国已发布数据及其来源，以及进展状态和判定理由。',
  progressMissing: '{count} 项目标截至 {year} 年尚无已发布数据或佐证记录。',
  chartStatusTitle: '按目标年份和进展状态统计的目标数',
  chartStatusYear: '{year} 年目标',
  chartSeriesTitle: '截至 {year} 年的已发布数据与各数值目标',
  chartTargetLine: '{year} 年目标：{value}',
  chartNoFigures: '截至 {year} 年无已发布数据',
  colIndicator: '指标',
  colTargetYear: '目标年份',
  colTarget: '目标',
  colLatest: '截至 {year} 年最新数据',
  colSource: '来源',
  colStatus: '状态',
  colExplanation: '判定理由',
  noFigure: '截至 {year} 年无已发布数据',
  noEvidence: '尚无佐证记录',
  status_achieved: '已达成',
  status_missed: '未达成',
  status_on_track: '步入正轨',
  status_acceleration_needed: '需加快进度',
  status_limited_progress: '进展有限',
  status_deterioration: '倒退',
  status_insufficient_data: '数据不足',
  method_unsd_cagr_ratio: '联合国统计司进展图方法（增速比 CR）',
  method_unsd_extrapolation: '联合国统计司外推法（完成距离比例 r）',
  method_statcan: '加拿大统计局 / Open SDG 方法（进展比 R）',
  band_substantial_progress_on_track: '实质性进展 / 步入正轨',
  band_fair_progress_but_acceleration_needed: '有一定进展，但需加快',
  band_limited_or_no_progress: '进展有限或无进展',
  band_deterioration: '倒退',
  band_target_met_or_almost_met: '已达成或接近达成',
  band_moderate_progress: '中等进展',
  band_marginal_progress: '微弱进展',
  band_stagnation: '停滞',
  band_regression: '倒退',
  band_on_track: '步入正轨',
  band_progress_made_but_acceleration_needed: '已有进展但需加快',
  band_limited_progress: '进展有限',
  comparator_at_least: '不低于 {value}',
  comparator_at_most: '不高于 {value}',
  comparator_approach: '接近 {value}',
  explainFinal: '{period}：{latest}，目标{target}，完成目标的 {share}：{status}。',
  explainEarly: '{period}：{latest}，在 {year} 年之前已达到目标{target}（完成目标的 {share}）。',
  explain_unsd_cagr_ratio:
    '从 {base}（{basePeriod}）到 {latest}（{period}），实际增速为 {year} 年达到{target}所需增速的 {symbol} = {ratio} 倍：{band}。',
  explain_unsd_extrapolation:
    '按 {basePeriod} 至 {period}（{latest}）的增速外推，到 {year} 年可完成到{target}距离的 {symbol} = {ratio}：{band}。',
  explain_statcan:
    '从 {base}（{basePeriod}）到 {latest}（{period}），向 {year} 年目标{target}的进展比 {symbol} = {ratio}：{band}。',
  reason_no_observation_by_target_year: '目标年份及之前没有已发布数据。',
  reason_base_not_before_target_year: '基期不早于目标年份：无需随时间增长。',
  reason_no_observation_after_base: '最新数据不晚于基期：计算增速需要两个不同时间点。',
  reason_non_positive_value: '计算增速所需的数值（基期、最新或目标）为零或负数。',
  reason_no_required_change: '目标等于基期值：所需增速为零。',
  milestoneNone: '该里程碑尚无佐证记录（截止日期 {deadline}）：{status}。',
  milestoneSome: '最新佐证：{evidence}，记录于 {date}（截止日期 {deadline}）：{status}。',
  evidence_achieved: '已实现',
  evidence_not_achieved: '未实现',
  evidence_in_progress: '进行中',
  evidence_not_started: '未启动',
  periodHalf1: '{year} 年上半年',
  periodHalf2: '{year} 年下半年',
  periodQuarter: '{year} 年第 {quarter} 季度',
  periodMonth: '{year} 年 {month} 月',
  deliveryIntro:
    '《纲要》各项举措下 {year} 年到期的任务，按牵头单位层级统计；不含系统自带的示例任务。',
  deliveryNone: '{year} 年没有到期任务（不含系统自带的示例任务），暂无任务落实情况可报告。',
  chartDeliveryTitle: '{year} 年到期任务（按牵头单位层级）',
  colLevel: '牵头单位层级',
  colDue: '{year} 年到期',
  colOnTime: '按期完成',
  colLate: '逾期完成',
  colOpen: '未完成',
  colOnTimeShare: '按期率',
  total: '合计',
  level_nation: '国家',
  level_province: '省级',
  level_prefecture: '地级',
  level_county: '县级',
  level_department: '中央部门',
  colTask: '任务',
  colLeadUnit: '牵头单位',
  colDueOn: '到期日',
  colDoneOn: '完成日',
  colDelivery: '落实情况',
  delivery_on_time: '按期完成',
  delivery_late: '逾期完成',
  delivery_open: '未完成',
  inspectionsIntro:
    '{year} 年接受督查的单位：截至 {asOf} 仍未整改完毕的问题，以及未完成和逾期的整改事项。',
  inspectionsNone: '{year} 年未开展督查检查。',
  colUnit: '单位',
  colInspections: '督查次数',
  colCritical: '未整改严重问题',
  colMajor: '未整改较重问题',
  colMinor: '未整改一般问题',
  colOpenFindings: '未整改问题',
  colOpenRectifications: '未完成整改事项',
  colOverdueRectifications: '逾期整改事项',
  rankingIntro:
    '各省（区、市）和中央部门按总分（满分 100）排名，评估方案第 {scheme} 版，数据截至 {cutoff}；变化与 {previous} 年已发布排名相比。',
  rankingDraft: '草稿：本排名尚未发布，重新评估时仍可能变化。',
  rankingNone:
    '{year} 年尚未开展年度评估，因此没有排名。运行 `planwatch evaluate --year {year}` 可进行评分。',
  rankingUnpublished: '{year} 年评估结果尚未发布，此处不显示排名。',
  rankingNotEvaluated:
    '{count} 个单位 {year} 年无任何评价依据（无目标、任务、报表或督查），未参加排名：{units}。',
  rankingEmpty: '{year} 年没有单位有评价依据，无人参加排名。',
  chartRankingTitle: '前 {count} 名各部分得分',
  colRank: '名次',
  colTotal: '总分',
  colChange: '变化',
  colRankChange: '名次变化',
  colTotalChange: '得分变化',
  changeNew: '新增',
  component_outcome: '目标成效',
  component_delivery: '任务落实',
  component_reporting: '数据报送',
  component_inspection: '督查检查',
  annexIntro: '截至 {year} 年《纲要》各指标全部已发布的全国数据（按数据库所存），及其来源。',
  annexNone: '截至 {year} 年无已发布数据。',
  colOrgUnit: '单位',
  colPeriod: '时期',
  colValue: '数值',
  colUnitOfMeasure: '计量单位',
  colBasis: '统计口径',
  colReleased: '发布时间',
  colWhereFound: '出处',
  colConfidence: '可信度',
  noSource: '未记录',
  notKnown: '—',
  colIndicatorCode: '指标代码',
  colTargetValue: '目标值',
  colComparator: '比较方式',
  colLatestPeriod: '最新时期',
  colLatestValue: '最新数值',
  colShareAttained: '目标完成比例',
  colFinal: '已定',
  colTaskId: '任务编号',
  colUnitCode: '单位代码',
  colLevelName: '层级',
  yes: '是',
  no: '否',
  pageOf: '第 {page} 页，共 {pages} 页',
};

export const REPORT_TEXT: Readonly<
  Record<ReportLanguage, Readonly<Record<ReportTextKey, string>>>
> = { en: EN, 'zh-CN': ZH };

/** Titles and issuers of known plans in both languages; other plans show what the store has. */
export const PLAN_NAMES: Readonly<
  Record<string, { title: Record<ReportLanguage, string>; issuers: Record<ReportLanguage, string> }>
> = {
  'nids-2016': {
    title: {
      en: 'Outline of the National Informatization Development Strategy',
      'zh-CN': '国家信息化发展战略纲要',
    },
    issuers: {
      en: 'the General Office of the CPC Central Committee and the General Office of the State Council',
      'zh-CN': '中共中央办公厅、国务院办公厅',
    },
  },
};

export type Translate = (key: ReportTextKey, values?: Record<string, string | number>) => string;

/** The report's strings in one language, with `{name}` filled in. */
export function reportText(lang: ReportLanguage): Translate {
  const table = REPORT_TEXT[lang];
  return (key, values = {}) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}

/** A report string chosen by a value: `dynamicKey('status_', 'missed')`. */
export function textKey(prefix: string, value: string): ReportTextKey {
  const key = `${prefix}${value}`;
  if (!(key in EN)) throw new Error(`The report has no text "${key}"`);
  return key as ReportTextKey;
}

export function isReportLanguage(value: string): value is ReportLanguage {
  return (REPORT_LANGUAGES as readonly string[]).includes(value);
}
