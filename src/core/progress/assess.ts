/**
 * Progress towards a plan's targets, by the published methods (see
 * docs/anchors.md, "Progress assessment: the formulas in use"):
 *
 * - `unsd_cagr_ratio`: UNSD Progress Chart 2019-2022, CR = CAGRa / CAGRr;
 * - `unsd_extrapolation`: UNSD from 2023, r = (xT − x0) / (x* − x0) with
 *   xT = xt (1 + CAGRa)^(T − t);
 * - `statcan`: Statistics Canada / Open SDG, R = d · CAGRobs / |CAGRreq|.
 *
 * A status nobody can explain is not trusted, so every assessment carries its
 * inputs, the formula, each computed quantity and the band it fell in:
 * enough to redo the computation by hand. Nothing is rounded here; the caller
 * formats. Time is in year-end units (time.ts): a target "for 2020" is the
 * value at t = 2020.
 *
 * Qualitative targets (milestones) are assessed from recorded evidence by
 * assessMilestone, at the end of this file.
 *
 * Pure: no I/O, no clock.
 */
import type { COMPARATORS, DIRECTIONS } from '../catalogue/schema.js';
import { targetTime } from './time.js';

export type Direction = (typeof DIRECTIONS)[number];
export type Comparator = (typeof COMPARATORS)[number];
/** The comparator actually applied: `approach` is read as one of these (see appliedComparator). */
export type AppliedComparator = Exclude<Comparator, 'approach'>;

export const PROGRESS_METHODS = ['unsd_cagr_ratio', 'unsd_extrapolation', 'statcan'] as const;
export type ProgressMethod = (typeof PROGRESS_METHODS)[number];

export const PROGRESS_STATUSES = [
  'achieved',
  'missed',
  'on_track',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
  'insufficient_data',
] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
/** The statuses a ratio can fall in. */
export type BandStatus = Extract<
  ProgressStatus,
  'on_track' | 'acceleration_needed' | 'limited_progress' | 'deterioration'
>;

// ---------------------------------------------------------------------------
// Bands, as data, so that an explain view can show the whole table.
// ---------------------------------------------------------------------------

/** A band of the ratio: from ≤ ratio < to; null is unbounded on that side. */
export interface ProgressBand {
  status: BandStatus;
  from: number | null;
  to: number | null;
  /** The category's name in the method's own publication. */
  label: string;
}

/**
 * The bands of each method, highest first. UNSD's 2023 method publishes five
 * categories (cut at 0.95 / 0.5 / 0.1 / −0.1); "marginal progress" and
 * "stagnation" both map to limited_progress, and the table keeps the two
 * rows so that the band shown is the published one.
 */
export const PROGRESS_BANDS: Readonly<Record<ProgressMethod, readonly ProgressBand[]>> = {
  unsd_cagr_ratio: [
    { status: 'on_track', from: 0.95, to: null, label: 'Substantial progress / on track' },
    {
      status: 'acceleration_needed',
      from: 0.5,
      to: 0.95,
      label: 'Fair progress, but acceleration needed',
    },
    { status: 'limited_progress', from: -0.1, to: 0.5, label: 'Limited or no progress' },
    { status: 'deterioration', from: null, to: -0.1, label: 'Deterioration' },
  ],
  unsd_extrapolation: [
    { status: 'on_track', from: 0.95, to: null, label: 'Target met or almost met' },
    { status: 'acceleration_needed', from: 0.5, to: 0.95, label: 'Moderate progress' },
    { status: 'limited_progress', from: 0.1, to: 0.5, label: 'Marginal progress' },
    { status: 'limited_progress', from: -0.1, to: 0.1, label: 'Stagnation' },
    { status: 'deterioration', from: null, to: -0.1, label: 'Regression' },
  ],
  statcan: [
    { status: 'on_track', from: 0.95, to: null, label: 'On track' },
    {
      status: 'acceleration_needed',
      from: 0.6,
      to: 0.95,
      label: 'Progress made but acceleration needed',
    },
    { status: 'limited_progress', from: 0, to: 0.6, label: 'Limited progress' },
    { status: 'deterioration', from: null, to: 0, label: 'Deterioration' },
  ],
};

/** The band of `method` that `ratio` falls in (lower bounds inclusive, as published). */
export function classifyRatio(method: ProgressMethod, ratio: number): ProgressBand {
  if (Number.isNaN(ratio)) throw new RangeError('a ratio that is NaN has no band');
  const band = PROGRESS_BANDS[method].find(
    (candidate) =>
      (candidate.from === null || ratio >= candidate.from) &&
      (candidate.to === null || ratio < candidate.to),
  );
  // The bands cover the whole line; this only satisfies the type checker.
  if (!band) throw new RangeError(`no ${method} band for ${ratio}`);
  return band;
}

// ---------------------------------------------------------------------------
// Input and output
// ---------------------------------------------------------------------------

export interface ProgressObservation {
  /** A period code (periods.ts): `2020`, `2020S1`, `2020Q3`, `202007`. */
  period: string;
  value: number;
}

export interface ProgressTarget {
  year: number;
  value: number;
  comparator: Comparator;
}

export interface ProgressBaseline {
  /** Time in year-end units (time.ts): 2015 for a baseline "in 2015". */
  t: number;
  value: number;
  period: string;
  /** `target`: stated by the plan with the target; `series`: taken from the data. */
  source: 'target' | 'series';
}

/** One series on one basis; observations in any order, also after the target year. */
export interface ProgressInput {
  direction: Direction;
  target: ProgressTarget;
  baseline?: ProgressBaseline;
  observations: readonly ProgressObservation[];
}

export interface TimedValue {
  t: number;
  period: string;
  value: number;
}

export interface BasePoint extends TimedValue {
  source: 'target' | 'series';
}

export const INSUFFICIENT_DATA_REASONS = [
  'no_observation_by_target_year',
  'base_not_before_target_year',
  'no_observation_after_base',
  'non_positive_value',
  'no_required_change',
] as const;
export type InsufficientDataReason = (typeof INSUFFICIENT_DATA_REASONS)[number];

/** One computed quantity: its symbol, how it is computed from the inputs, its value. */
export interface AssessmentStep {
  name: string;
  formula: string;
  value: number;
}

export interface Assessment {
  status: ProgressStatus;
  method: ProgressMethod;
  /** True when an observation at the target year decided the status: it will not change. */
  final: boolean;
  /** Why the status is insufficient_data (only then). */
  reason?: InsufficientDataReason;
  inputs: {
    /** Null only when there is no observation at all and no baseline. */
    base: BasePoint | null;
    /** The observation with the greatest t ≤ T; null when there is none. */
    latest: TimedValue | null;
    target: ProgressTarget;
    /** How the comparator was applied (`approach` resolved). */
    appliedComparator: AppliedComparator;
    direction: Direction;
  };
  /** The formula in plain text, with the symbols used in `steps`. */
  formula: string;
  steps: AssessmentStep[];
  /** CR, r or R; null when no ratio was computed. */
  ratio: number | null;
  band: ProgressBand | null;
  /** The latest value as a share of the target: x/x* (at_least), x* / x (at_most). */
  shareAttained: number | null;
  /** Plain-language remarks: reasons, caveats, choices made on the way. */
  notes: string[];
}

// ---------------------------------------------------------------------------
// Assessment
// ---------------------------------------------------------------------------

/** Everything the status rules need, gathered once. */
interface Situation {
  input: ProgressInput;
  method: ProgressMethod;
  targetTime: number;
  applied: AppliedComparator;
  base: BasePoint | null;
  latest: TimedValue | null;
  notes: string[];
}

/**
 * The progress status of a numeric target by `method`.
 *
 * Throws PeriodCodeError for an observation whose period is not a code, and
 * RangeError for a value that is not finite or two observations at the same
 * time (two bases mixed into one series).
 */
export function assessProgress(input: ProgressInput, method: ProgressMethod): Assessment {
  const situation = situationOf(input, method);
  const { latest } = situation;
  if (latest === null) return insufficient(situation, 'no_observation_by_target_year');
  if (latest.t === situation.targetTime) return finalAssessment(situation, latest);
  if (meetsTarget(latest.value, input.target.value, situation.applied)) {
    return achievedEarly(situation, latest);
  }
  return METHODS[method](situation, latest);
}

function situationOf(input: ProgressInput, method: ProgressMethod): Situation {
  const observations = timedObservations(input.observations);
  const targetTimeValue = input.target.year;
  const byTarget = observations.filter((observation) => observation.t <= targetTimeValue);
  const notes: string[] = [];
  const later = observations.length - byTarget.length;
  if (later > 0) {
    notes.push(
      `${later} observation(s) after the target year ${input.target.year} left out: a target is judged by the value at its year.`,
    );
  }
  const applied = appliedComparator(input.target.comparator, input.direction);
  if (input.target.comparator === 'approach') {
    notes.push(
      `The plan says "approach" ${input.target.value}; assessed as ${applied === 'at_least' ? 'at least' : 'at most'} the target, in the desired direction (${input.direction}).`,
    );
  }
  const base = chooseBase(input.baseline, observations, notes);
  return {
    input,
    method,
    targetTime: targetTimeValue,
    applied,
    base,
    latest: byTarget.at(-1) ?? null,
    notes,
  };
}

/** Observations with their time, sorted by time; refuses what cannot be one series. */
function timedObservations(observations: readonly ProgressObservation[]): TimedValue[] {
  const timed = observations.map((observation) => {
    if (!Number.isFinite(observation.value)) {
      throw new RangeError(`the value for ${observation.period} is not a finite number`);
    }
    return {
      t: targetTime(observation.period),
      period: observation.period,
      value: observation.value,
    };
  });
  timed.sort((a, b) => a.t - b.t);
  for (let i = 1; i < timed.length; i++) {
    const previous = timed[i - 1];
    const current = timed[i];
    if (previous && current && previous.t === current.t) {
      throw new RangeError(
        `${previous.period} and ${current.period} fall at the same time: pass one series on one basis`,
      );
    }
  }
  return timed;
}

/**
 * `approach` has no side of its own: the plan wants the indicator to come
 * close to the target from where it stands, so it is read in the desired
 * direction (at most for decrease, at least otherwise).
 */
export function appliedComparator(comparator: Comparator, direction: Direction): AppliedComparator {
  if (comparator !== 'approach') return comparator;
  return direction === 'decrease' ? 'at_most' : 'at_least';
}

function meetsTarget(value: number, target: number, comparator: AppliedComparator): boolean {
  return comparator === 'at_least' ? value >= target : value <= target;
}

/** The plan's stated baseline when there is one, else the earliest observation. */
function chooseBase(
  baseline: ProgressBaseline | undefined,
  observations: readonly TimedValue[],
  notes: string[],
): BasePoint | null {
  if (baseline) {
    const sameTime = observations.find((observation) => observation.t === baseline.t);
    if (sameTime && sameTime.value !== baseline.value) {
      notes.push(
        `The series has ${sameTime.value} for ${sameTime.period}; the stated baseline ${baseline.value} is used.`,
      );
    }
    return {
      t: baseline.t,
      period: baseline.period,
      value: baseline.value,
      source: baseline.source,
    };
  }
  const earliest = observations[0];
  return earliest ? { ...earliest, source: 'series' } : null;
}

function shareAttained(
  value: number,
  target: number,
  comparator: AppliedComparator,
): number | null {
  const [attained, needed] = comparator === 'at_least' ? [value, target] : [target, value];
  // A share of a zero or negative amount says nothing.
  return needed > 0 ? attained / needed : null;
}

const SHARE_FORMULA: Record<AppliedComparator, string> = {
  at_least: 'x / x*',
  at_most: 'x* / x',
};

function shareSteps(value: number, situation: Situation): AssessmentStep[] {
  const share = shareAttained(value, situation.input.target.value, situation.applied);
  return share === null
    ? []
    : [{ name: 'shareAttained', formula: SHARE_FORMULA[situation.applied], value: share }];
}

function assessment(
  situation: Situation,
  fields: Pick<Assessment, 'status' | 'final' | 'formula' | 'steps'> &
    Partial<Pick<Assessment, 'reason' | 'ratio' | 'band'>>,
): Assessment {
  const { input, base, latest } = situation;
  const share = latest ? shareAttained(latest.value, input.target.value, situation.applied) : null;
  return {
    method: situation.method,
    ratio: null,
    band: null,
    ...fields,
    inputs: {
      base,
      latest,
      target: { ...input.target },
      appliedComparator: situation.applied,
      direction: input.direction,
    },
    shareAttained: share,
    notes: situation.notes,
  };
}

const REASON_TEXT: Record<InsufficientDataReason, string> = {
  no_observation_by_target_year: 'There is no observation at or before the target year.',
  base_not_before_target_year:
    'The base is not before the target year: no growth is required over time.',
  no_observation_after_base:
    'The latest observation is not later than the base: growth needs two distinct time points.',
  non_positive_value:
    'A value the growth rate needs (base, latest or target) is zero or negative: the ratio of the two has no compound growth rate.',
  no_required_change:
    'The target equals the base: the required growth is zero, so no ratio can be formed.',
};

function insufficient(situation: Situation, reason: InsufficientDataReason): Assessment {
  situation.notes.unshift(REASON_TEXT[reason]);
  return assessment(situation, {
    status: 'insufficient_data',
    final: false,
    reason,
    formula: METHOD_FORMULA[situation.method],
    steps: [],
  });
}

/** An observation at the target year itself settles the matter. */
function finalAssessment(situation: Situation, latest: TimedValue): Assessment {
  const met = meetsTarget(latest.value, situation.input.target.value, situation.applied);
  const sign = situation.applied === 'at_least' ? '>=' : '<=';
  return assessment(situation, {
    status: met ? 'achieved' : 'missed',
    final: true,
    formula: `Observed at the target year T: achieved if x ${sign} x*, else missed; shareAttained = ${SHARE_FORMULA[situation.applied]}`,
    steps: shareSteps(latest.value, situation),
  });
}

/** UNSD: "target already passed" before the target year. */
function achievedEarly(situation: Situation, latest: TimedValue): Assessment {
  const sign = situation.applied === 'at_least' ? '>=' : '<=';
  situation.notes.push(
    'The latest value already meets the target before the target year; a later value that no longer meets it would change the status.',
  );
  return assessment(situation, {
    status: 'achieved',
    final: false,
    formula: `Target already met before T: xt ${sign} x*; shareAttained = ${SHARE_FORMULA[situation.applied]}`,
    steps: shareSteps(latest.value, situation),
  });
}

// ---------------------------------------------------------------------------
// The three methods
// ---------------------------------------------------------------------------

const CAGR_A = 'CAGRa = (xt/x0)^(1/(t-t0)) - 1';
const CAGR_R = 'CAGRr = (x*/x0)^(1/(T-t0)) - 1';

const METHOD_FORMULA: Record<ProgressMethod, string> = {
  unsd_cagr_ratio: `CR = CAGRa / CAGRr; ${CAGR_A}; ${CAGR_R}`,
  unsd_extrapolation: `r = (xT - x0) / (x* - x0); xT = xt * (1 + CAGRa)^(T-t); ${CAGR_A}`,
  statcan:
    'R = d * CAGRobs / |CAGRreq|; CAGRobs = (xt/x0)^(1/(t-t0)) - 1; CAGRreq = (x*/x0)^(1/(T-t0)) - 1; d = +1 when increase is good, -1 when decrease is good (toward the target when neither); x0 or x* equal to 0 replaced by 0.001',
};

/** Compound annual growth from `from` to `to` over `years`; expm1/log keep small rates exact. */
function compoundGrowth(from: number, to: number, years: number): number {
  return Math.expm1(Math.log(to / from) / years);
}

/** The times and values every method uses, after the checks they share. */
interface GrowthTerms {
  x0: number;
  xt: number;
  target: number;
  t0: number;
  t: number;
  T: number;
  steps: AssessmentStep[];
}

type MethodRule = (situation: Situation, latest: TimedValue) => Assessment;

const METHODS: Record<ProgressMethod, MethodRule> = {
  unsd_cagr_ratio: (situation, latest) =>
    withGrowthTerms(situation, latest, { positiveTarget: true }, (terms) => {
      const actual = compoundGrowth(terms.x0, terms.xt, terms.t - terms.t0);
      const required = compoundGrowth(terms.x0, terms.target, terms.T - terms.t0);
      const ratio = actual / required;
      return rated(situation, terms, ratio, [
        { name: 'CAGRa', formula: '(xt/x0)^(1/(t-t0)) - 1', value: actual },
        { name: 'CAGRr', formula: '(x*/x0)^(1/(T-t0)) - 1', value: required },
        { name: 'CR', formula: 'CAGRa / CAGRr', value: ratio },
      ]);
    }),

  unsd_extrapolation: (situation, latest) =>
    withGrowthTerms(situation, latest, { positiveTarget: false }, (terms) => {
      const actual = compoundGrowth(terms.x0, terms.xt, terms.t - terms.t0);
      const projected = terms.xt * Math.pow(1 + actual, terms.T - terms.t);
      const ratio = (projected - terms.x0) / (terms.target - terms.x0);
      return rated(situation, terms, ratio, [
        { name: 'CAGRa', formula: '(xt/x0)^(1/(t-t0)) - 1', value: actual },
        { name: 'T - t', formula: 'T - t', value: terms.T - terms.t },
        { name: 'xT', formula: 'xt * (1 + CAGRa)^(T-t)', value: projected },
        { name: 'r', formula: '(xT - x0) / (x* - x0)', value: ratio },
      ]);
    }),

  statcan: (situation, latest) =>
    withGrowthTerms(situation, latest, { positiveTarget: true, replaceZero: true }, (terms) => {
      const sign = desiredSign(situation.input.direction, terms.x0, terms.target);
      const observed = compoundGrowth(terms.x0, terms.xt, terms.t - terms.t0);
      const required = compoundGrowth(terms.x0, terms.target, terms.T - terms.t0);
      const ratio = (sign * observed) / Math.abs(required);
      return rated(situation, terms, ratio, [
        { name: 'd', formula: 'desired direction: +1 increase, -1 decrease', value: sign },
        { name: 'CAGRobs', formula: '(xt/x0)^(1/(t-t0)) - 1', value: observed },
        { name: 'CAGRreq', formula: '(x*/x0)^(1/(T-t0)) - 1', value: required },
        { name: 'R', formula: 'd * CAGRobs / |CAGRreq|', value: ratio },
      ]);
    }),
};

/** Substitute for a base or target of exactly 0 in the StatCan method. */
export const STATCAN_ZERO_REPLACEMENT = 0.001;

interface GrowthOptions {
  /** CAGRr needs x* / x0 > 0. */
  positiveTarget: boolean;
  /** StatCan: a base or target of 0 becomes 0.001. */
  replaceZero?: boolean;
}

/**
 * Runs the checks every method shares (the order matters: it decides which
 * reason is given), then `compute` on the terms.
 */
function withGrowthTerms(
  situation: Situation,
  latest: TimedValue,
  options: GrowthOptions,
  compute: (terms: GrowthTerms) => Assessment,
): Assessment {
  const base = situation.base;
  const T = situation.targetTime;
  // Unreachable (a latest observation implies a base), kept for the type checker.
  if (base === null) return insufficient(situation, 'no_observation_by_target_year');
  if (base.t >= T) return insufficient(situation, 'base_not_before_target_year');
  if (latest.t <= base.t) return insufficient(situation, 'no_observation_after_base');

  const steps: AssessmentStep[] = [];
  const x0 = options.replaceZero ? replacedZero('x0', base.value, steps) : base.value;
  const target = options.replaceZero
    ? replacedZero('x*', situation.input.target.value, steps)
    : situation.input.target.value;
  if (x0 <= 0 || latest.value <= 0 || (options.positiveTarget && target <= 0)) {
    return insufficient(situation, 'non_positive_value');
  }
  if (target === x0) return insufficient(situation, 'no_required_change');

  noteTargetBehindBase(situation, x0, target);
  steps.push(
    { name: 't - t0', formula: 't - t0', value: latest.t - base.t },
    { name: 'T - t0', formula: 'T - t0', value: T - base.t },
  );
  return compute({ x0, xt: latest.value, target, t0: base.t, t: latest.t, T, steps });
}

function replacedZero(symbol: string, value: number, steps: AssessmentStep[]): number {
  if (value !== 0) return value;
  steps.push({
    name: `${symbol} (used)`,
    formula: `${symbol} = 0 replaced by ${STATCAN_ZERO_REPLACEMENT}`,
    value: STATCAN_ZERO_REPLACEMENT,
  });
  return STATCAN_ZERO_REPLACEMENT;
}

/** StatCan's d: the stated direction; toward the target when the indicator has none. */
function desiredSign(direction: Direction, x0: number, target: number): 1 | -1 {
  if (direction === 'increase') return 1;
  if (direction === 'decrease') return -1;
  return target > x0 ? 1 : -1;
}

/**
 * When the base already met the target but the latest does not, the UNSD
 * ratios compare two moves in the "wrong" direction and can come out high.
 * The formulas are applied as published; the note says why such a status
 * deserves a second look. StatCan's d and |CAGRreq| handle the case.
 */
function noteTargetBehindBase(situation: Situation, x0: number, target: number): void {
  if (situation.method === 'statcan') return; // d and |CAGRreq| are StatCan's answer to this case.
  const { direction } = situation.input;
  const behind =
    (direction === 'increase' && target < x0) || (direction === 'decrease' && target > x0);
  if (!behind) return;
  situation.notes.push(
    'The base already met the target, but the latest value does not: the required growth points against the desired direction, so read the ratio with care.',
  );
}

function rated(
  situation: Situation,
  terms: GrowthTerms,
  ratio: number,
  steps: AssessmentStep[],
): Assessment {
  const band = classifyRatio(situation.method, ratio);
  return assessment(situation, {
    status: band.status,
    final: false,
    formula: METHOD_FORMULA[situation.method],
    steps: [...terms.steps, ...steps, ...shareSteps(terms.xt, situation)],
    ratio,
    band,
  });
}

// ---------------------------------------------------------------------------
// Qualitative targets
// ---------------------------------------------------------------------------

export const MILESTONE_EVIDENCE_STATUSES = [
  'not_started',
  'in_progress',
  'achieved',
  'not_achieved',
] as const;
export type MilestoneEvidenceStatus = (typeof MILESTONE_EVIDENCE_STATUSES)[number];

export interface MilestoneEvidence {
  status: MilestoneEvidenceStatus;
  /** ISO date or date-time (`2020-11-30`, `2020-11-30T08:00:00Z`); the date part counts. */
  recordedAt: string;
}

/**
 * Where the latest evidence stands against the deadline, 31 December of the
 * target year:
 * - `open`: today is on or before the deadline;
 * - `overdue`: the deadline has passed, and the latest evidence was recorded
 *   on or before it: nobody has said what happened by the deadline;
 * - `closed`: the latest evidence was recorded after the deadline.
 */
export type MilestoneTiming = 'open' | 'overdue' | 'closed';

export interface MilestoneRule {
  evidence: MilestoneEvidenceStatus;
  timing: MilestoneTiming;
  status: ProgressStatus;
  /** Final when the evidence says achieved, or was recorded after the deadline. */
  final: boolean;
  explanation: string;
}

function rule(
  evidence: MilestoneEvidenceStatus,
  timing: MilestoneTiming,
  status: ProgressStatus,
  explanation: string,
): MilestoneRule {
  return {
    evidence,
    timing,
    status,
    final: evidence === 'achieved' || timing === 'closed',
    explanation,
  };
}

/**
 * The decision table for milestones, as data for an explain view. Without
 * intermediate milestones "in progress" cannot be told apart from "in
 * progress but late", so before the deadline it counts as on track and "not
 * started" as limited progress. Once the deadline has passed, anything short
 * of "achieved" is missed; it is final only when the evidence was recorded
 * after the deadline, since an "overdue" milestone may yet turn out to have
 * been achieved in time when the next report comes in.
 */
export const MILESTONE_RULES: readonly MilestoneRule[] = [
  rule('achieved', 'open', 'achieved', 'Recorded as achieved before the deadline.'),
  rule('achieved', 'overdue', 'achieved', 'Recorded as achieved before the deadline.'),
  rule(
    'achieved',
    'closed',
    'achieved',
    'Recorded as achieved after the deadline: the evidence does not say whether it was done by then.',
  ),
  rule('not_achieved', 'open', 'missed', 'Recorded as not achieved, before the deadline.'),
  rule(
    'not_achieved',
    'overdue',
    'missed',
    'Recorded as not achieved; the deadline has passed since.',
  ),
  rule('not_achieved', 'closed', 'missed', 'Recorded as not achieved after the deadline.'),
  rule('in_progress', 'open', 'on_track', 'In progress and the deadline has not passed.'),
  rule(
    'in_progress',
    'overdue',
    'missed',
    'Last recorded in progress, before the deadline; nothing recorded since it passed.',
  ),
  rule('in_progress', 'closed', 'missed', 'Still in progress after the deadline.'),
  rule('not_started', 'open', 'limited_progress', 'Not started, and the deadline has not passed.'),
  rule(
    'not_started',
    'overdue',
    'missed',
    'Last recorded not started, before the deadline; nothing recorded since it passed.',
  ),
  rule('not_started', 'closed', 'missed', 'Still not started after the deadline.'),
];

export interface MilestoneAssessment {
  status: ProgressStatus;
  final: boolean;
  reason?: 'no_evidence';
  inputs: {
    targetYear: number;
    /** 31 December of the target year, ISO date. */
    deadline: string;
    today: string;
    /** The evidence that decided: the latest recorded on or before today. */
    latest: MilestoneEvidence | null;
    /** Evidence recorded after `today` is left out: the assessment is as of today. */
    ignoredAfterToday: number;
  };
  timing: MilestoneTiming;
  rule: MilestoneRule | null;
  notes: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function datePart(value: string, what: string): string {
  const match = ISO_DATE.exec(value);
  if (!match) throw new RangeError(`${what} "${value}" is not an ISO date (YYYY-MM-DD)`);
  return match[0];
}

/**
 * The status of a qualitative target from recorded evidence, as of `today`
 * (ISO date). The latest evidence recorded on or before today decides, by
 * MILESTONE_RULES; with equal dates, the one that comes later in `evidence`.
 */
export function assessMilestone(
  evidence: readonly MilestoneEvidence[],
  targetYear: number,
  today: string,
): MilestoneAssessment {
  const todayDate = datePart(today, 'today');
  const deadline = `${targetYear}-12-31`;
  const known = evidence.filter((item) => datePart(item.recordedAt, 'recordedAt') <= todayDate);
  const latest = latestEvidence(known);
  const inputs = {
    targetYear,
    deadline,
    today: todayDate,
    latest,
    ignoredAfterToday: evidence.length - known.length,
  };
  const timing = milestoneTiming(latest, deadline, todayDate);
  if (latest === null) {
    return {
      status: 'insufficient_data',
      final: false,
      reason: 'no_evidence',
      inputs,
      timing,
      rule: null,
      notes: ['No evidence recorded on or before today.'],
    };
  }
  const matched = MILESTONE_RULES.find(
    (candidate) => candidate.evidence === latest.status && candidate.timing === timing,
  );
  // The table covers every pair; this only satisfies the type checker.
  if (!matched) throw new RangeError(`no milestone rule for ${latest.status} / ${timing}`);
  return {
    status: matched.status,
    final: matched.final,
    inputs,
    timing,
    rule: matched,
    notes: [matched.explanation],
  };
}

function latestEvidence(evidence: readonly MilestoneEvidence[]): MilestoneEvidence | null {
  let latest: MilestoneEvidence | null = null;
  for (const item of evidence) {
    if (
      latest === null ||
      datePart(item.recordedAt, 'recordedAt') >= datePart(latest.recordedAt, 'recordedAt')
    ) {
      latest = item;
    }
  }
  return latest;
}

function milestoneTiming(
  latest: MilestoneEvidence | null,
  deadline: string,
  today: string,
): MilestoneTiming {
  if (latest && datePart(latest.recordedAt, 'recordedAt') > deadline) return 'closed';
  return today > deadline ? 'overdue' : 'open';
}
