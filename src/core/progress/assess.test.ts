import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assessMilestone,
  assessProgress,
  classifyRatio,
  MILESTONE_EVIDENCE_STATUSES,
  MILESTONE_RULES,
  PROGRESS_BANDS,
  PROGRESS_METHODS,
  type Assessment,
  type Comparator,
  type Direction,
  type MilestoneEvidence,
  type ProgressInput,
  type ProgressMethod,
  type ProgressObservation,
  type ProgressStatus,
} from './assess.js';
import { expectRelative, series } from '../../test-support/numbers.js';

function step(assessment: Assessment, name: string): number {
  const found = assessment.steps.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no step ${name} in ${JSON.stringify(assessment.steps)}`);
  return found.value;
}

// ---------------------------------------------------------------------------
// Worked examples from the published figures
// ---------------------------------------------------------------------------

// data/figures/national-figures.csv; trillion yuan, and Gbps / 1000 = Tbps for bandwidth.
const ECOMMERCE = series(
  ['2015', 20.8],
  ['2016', 26.1],
  ['2018', 31.63],
  ['2019', 34.81],
  ['2020', 37.21],
  ['2021', 42.3],
  ['2022', 43.83],
);
const INFORMATION_CONSUMPTION = series(['2017', 4.5], ['2018', 5.0], ['2020', 5.8], ['2021', 6.8]);
const BANDWIDTH_TBPS = series(
  ['2016S1', 6.220764],
  ['2017S1', 7.974779],
  ['2018S1', 8.826302],
  ['2020S2', 11.511397],
);

/** The plan: "e-commerce transactions ... 38 trillion yuan by 2020" from 20.8 trillion in 2015. */
function ecommerce(year: number, value: number): ProgressInput {
  return {
    direction: 'increase',
    target: { year, value, comparator: 'at_least' },
    baseline: { t: 2015, value: 20.8, period: '2015', source: 'target' },
    observations: ECOMMERCE,
  };
}
function informationConsumption(year: number, value: number): ProgressInput {
  return {
    direction: 'increase',
    target: { year, value, comparator: 'at_least' },
    observations: INFORMATION_CONSUMPTION,
  };
}
function bandwidth(year: number, value: number): ProgressInput {
  return {
    direction: 'increase',
    target: { year, value, comparator: 'at_least' },
    observations: BANDWIDTH_TBPS,
  };
}

describe('worked examples from the published figures', () => {
  it('uses the figures as published in data/figures/national-figures.csv', () => {
    const csv = readFileSync(
      new URL('../../../data/figures/national-figures.csv', import.meta.url),
      'utf8',
    );
    const published = (indicator: string, scale = 1): ProgressObservation[] =>
      csv
        .split('\n')
        .filter((line) => line.startsWith(`${indicator},`))
        .map((line) => {
          const [, period = '', value = ''] = line.split(',');
          return { period, value: Number(value) / scale };
        });
    expect(published('ecommerce_volume')).toEqual(ECOMMERCE);
    expect(published('information_consumption')).toEqual(INFORMATION_CONSUMPTION);
    // Gbps / 1000 is not always the shortest decimal (6220.764 / 1000 = 6.220764000000001).
    const bandwidthFigures = published('intl_export_bandwidth', 1000);
    expect(bandwidthFigures.map((figure) => figure.period)).toEqual(
      BANDWIDTH_TBPS.map((figure) => figure.period),
    );
    bandwidthFigures.forEach((figure, i) =>
      expectRelative(figure.value, BANDWIDTH_TBPS[i]?.value ?? NaN, 1e-15),
    );
  });

  describe.each(PROGRESS_METHODS)('2020 targets, observed in 2020: final (%s)', (method) => {
    it('e-commerce: 37.21 of 38 trillion yuan, missed at 97.9%', () => {
      const result = assessProgress(ecommerce(2020, 38), method);
      expect(result).toMatchObject({ status: 'missed', final: true, ratio: null, band: null });
      expectRelative(result.shareAttained, 37.21 / 38); // 0.979210526...
      expect(result.inputs.latest).toEqual({ t: 2020, period: '2020', value: 37.21 });
      expect(result.notes).toContain(
        '2 observation(s) after the target year 2020 left out: a target is judged by the value at its year.',
      );
    });

    it('information consumption: 5.8 of 6 trillion yuan, missed at 96.7%', () => {
      const result = assessProgress(informationConsumption(2020, 6), method);
      expect(result).toMatchObject({ status: 'missed', final: true });
      expectRelative(result.shareAttained, 0.9666666666666667);
      // No baseline in the plan: the earliest observation stands in.
      expect(result.inputs.base).toEqual({ t: 2017, period: '2017', value: 4.5, source: 'series' });
    });

    it('international export bandwidth: 11.511397 of 20 Tbps, missed at 57.6%', () => {
      const result = assessProgress(bandwidth(2020, 20), method);
      expect(result).toMatchObject({ status: 'missed', final: true });
      expectRelative(result.shareAttained, 0.57556985);
      expect(result.inputs.latest).toEqual({ t: 2020, period: '2020S2', value: 11.511397 });
    });
  });

  describe('2025 targets, with the data up to the latest year', () => {
    /*
     * E-commerce, 67 trillion yuan by 2025; base 2015 = 20.8 (the plan's), latest 2022 = 43.83.
     *   t − t0 = 7, T − t0 = 10, T − t = 3
     *   xt/x0 = 43.83/20.8 = 2.10721153846;  ln = 0.745365527723;  /7 = 0.106480789675
     *   CAGRa = e^0.106480789675 − 1 = 0.112356557509
     *   x* / x0 = 67/20.8 = 3.22115384615;     ln = 1.16973963268;   /10 = 0.116973963268
     *   CAGRr = e^0.116973963268 − 1 = 0.124090161676
     *   CR = 0.112356557509 / 0.124090161676 = 0.905442913378   → 0.5 ≤ CR < 0.95: acceleration needed
     *   xT = 43.83 × 1.112356557509^3 = 43.83 × 1.37636004931 = 60.3258609612
     *   r = (60.3258609612 − 20.8) / (67 − 20.8) = 39.5258609612 / 46.2 = 0.855538116042 → 0.5 ≤ r < 0.95
     *   R = (+1) × 0.112356557509 / |0.124090161676| = CR = 0.905442913378 → 0.60 ≤ R < 0.95
     */
    it.each<[ProgressMethod, number, ProgressStatus]>([
      ['unsd_cagr_ratio', 0.905442913378436, 'acceleration_needed'],
      ['unsd_extrapolation', 0.8555381160424878, 'acceleration_needed'],
      ['statcan', 0.905442913378436, 'acceleration_needed'],
    ])('e-commerce 67 by 2025, %s: %d', (method, ratio, status) => {
      const result = assessProgress(ecommerce(2025, 67), method);
      expect(result.status).toBe(status);
      expect(result.final).toBe(false);
      expectRelative(result.ratio, ratio);
      expectRelative(step(result, method === 'statcan' ? 'CAGRobs' : 'CAGRa'), 0.1123565575092);
      expectRelative(result.shareAttained, 43.83 / 67);
    });

    /*
     * Information consumption, 12 trillion yuan by 2025; no stated base: earliest 2017 = 4.5,
     * latest 2021 = 6.8.
     *   t − t0 = 4, T − t0 = 8, T − t = 4
     *   xt/x0 = 6.8/4.5 = 1.51111111111;  ln = 0.412845215406;  /4 = 0.103211303851
     *   CAGRa = e^0.103211303851 − 1 = 0.108725662328
     *   x* / x0 = 12/4.5 = 2.66666666667;   ln = 0.980829253012;  /8 = 0.122603656626
     *   CAGRr = e^0.122603656626 − 1 = 0.130436291214
     *   CR = 0.108725662328 / 0.130436291214 = 0.833553770327  → acceleration needed
     *   xT = 6.8 × (1.51111111111)^(4/4) = 6.8²/4.5 = 10.2755555556
     *   r = (10.2755555556 − 4.5) / (12 − 4.5) = 5.7755555556 / 7.5 = 0.770074074074 → acceleration needed
     *   R = CR = 0.833553770327 → acceleration needed
     */
    it.each<[ProgressMethod, number, ProgressStatus]>([
      ['unsd_cagr_ratio', 0.8335537703269107, 'acceleration_needed'],
      ['unsd_extrapolation', 0.770074074074074, 'acceleration_needed'],
      ['statcan', 0.8335537703269107, 'acceleration_needed'],
    ])('information consumption 12 by 2025, %s: %d', (method, ratio, status) => {
      const result = assessProgress(informationConsumption(2025, 12), method);
      expect(result.status).toBe(status);
      expectRelative(result.ratio, ratio);
      expect(result.inputs.base).toMatchObject({ t: 2017, value: 4.5, source: 'series' });
      expect(result.inputs.latest).toMatchObject({ t: 2021, value: 6.8 });
    });

    /*
     * International export bandwidth, 48 Tbps by 2025; earliest 2016S1 = 6.220764 at t0 = 2015.5
     * (end of June 2016), latest 2020S2 = 11.511397 at t = 2020.
     *   t − t0 = 4.5, T − t0 = 9.5, T − t = 5
     *   xt/x0 = 11.511397/6.220764 = 1.85047961955;  ln = 0.615444859298;  /4.5 = 0.136765524288
     *   CAGRa = e^0.136765524288 − 1 = 0.146559276697
     *   x* / x0 = 48/6.220764 = 7.71609403604;         ln = 2.04330828212;   /9.5 = 0.215085082328
     *   CAGRr = e^0.215085082328 − 1 = 0.239967391791
     *   CR = 0.146559276697 / 0.239967391791 = 0.610746633548 → 0.5 ≤ CR < 0.95: acceleration needed
     *   xT = 11.511397 × 1.146559276697^5 = 11.511397 × 1.98144746676 = 22.8092284245
     *   r = (22.8092284245 − 6.220764) / (48 − 6.220764) = 16.5884644245 / 41.779236 = 0.397050449283
     *     → 0.1 ≤ r < 0.5: "marginal progress", limited progress
     *   R = CR = 0.610746633548 → 0.60 ≤ R < 0.95: acceleration needed, barely
     */
    it.each<[ProgressMethod, number, ProgressStatus, number]>([
      ['unsd_cagr_ratio', 0.6107466335478243, 'acceleration_needed', 0.5],
      ['unsd_extrapolation', 0.3970504492833869, 'limited_progress', 0.1],
      ['statcan', 0.6107466335478243, 'acceleration_needed', 0.6],
    ])('bandwidth 48 Tbps by 2025, %s: %d', (method, ratio, status, bandFrom) => {
      const result = assessProgress(bandwidth(2025, 48), method);
      expect(result.status).toBe(status);
      expectRelative(result.ratio, ratio);
      expect(result.band?.from).toBe(bandFrom);
      expect(result.inputs.base).toMatchObject({ t: 2015.5, period: '2016S1' });
      expect(step(result, 't - t0')).toBe(4.5);
      expect(step(result, 'T - t0')).toBe(9.5);
    });
  });
});

// ---------------------------------------------------------------------------
// Bands
// ---------------------------------------------------------------------------

describe('classifyRatio at the band boundaries', () => {
  const below = (x: number) => x - Math.max(Number.EPSILON, Math.abs(x) * Number.EPSILON);
  it.each<[ProgressMethod, number, ProgressStatus, ProgressStatus]>([
    // [method, boundary, status at the boundary (lower bounds are inclusive), status just below]
    ['unsd_cagr_ratio', 0.95, 'on_track', 'acceleration_needed'],
    ['unsd_cagr_ratio', 0.5, 'acceleration_needed', 'limited_progress'],
    ['unsd_cagr_ratio', -0.1, 'limited_progress', 'deterioration'],
    ['unsd_extrapolation', 0.95, 'on_track', 'acceleration_needed'],
    ['unsd_extrapolation', 0.5, 'acceleration_needed', 'limited_progress'],
    ['unsd_extrapolation', 0.1, 'limited_progress', 'limited_progress'],
    ['unsd_extrapolation', -0.1, 'limited_progress', 'deterioration'],
    ['statcan', 0.95, 'on_track', 'acceleration_needed'],
    ['statcan', 0.6, 'acceleration_needed', 'limited_progress'],
    ['statcan', 0, 'limited_progress', 'deterioration'],
  ])('%s at %d: %s, just below: %s', (method, boundary, at, justBelow) => {
    expect(classifyRatio(method, boundary).status).toBe(at);
    expect(classifyRatio(method, boundary).from).toBe(boundary);
    expect(classifyRatio(method, below(boundary)).status).toBe(justBelow);
  });

  it.each<[ProgressMethod, number, ProgressStatus]>([
    ['unsd_cagr_ratio', 1e9, 'on_track'],
    ['unsd_cagr_ratio', 0.55, 'acceleration_needed'],
    ['unsd_cagr_ratio', -0.05, 'limited_progress'],
    ['unsd_cagr_ratio', -1e9, 'deterioration'],
    ['statcan', 0.55, 'limited_progress'],
    ['statcan', -0.05, 'deterioration'],
    ['statcan', Infinity, 'on_track'],
    ['statcan', -Infinity, 'deterioration'],
  ])('%s at %d: %s', (method, ratio, status) => {
    expect(classifyRatio(method, ratio).status).toBe(status);
  });

  it('has bands that cover the line without gaps or overlaps, highest first', () => {
    for (const method of PROGRESS_METHODS) {
      const bands = PROGRESS_BANDS[method];
      expect(bands[0]?.to).toBeNull();
      expect(bands.at(-1)?.from).toBeNull();
      for (let i = 1; i < bands.length; i++) expect(bands[i]?.to).toBe(bands[i - 1]?.from);
    }
  });

  it('refuses NaN', () => {
    expect(() => classifyRatio('statcan', NaN)).toThrow(RangeError);
  });
});

/**
 * A series built to give a chosen ratio: base 100 in 2015, target T = 2025, one observation in
 * 2020 (halfway). For the CAGR ratios, xt = x0 (1 + ρ CAGRr)^5; for the extrapolation,
 * xT = x0 + ρ (x* − x0) and xt = x0 (xT / x0)^(1/2).
 */
function builtForRatio(method: ProgressMethod, ratio: number, direction: Direction): ProgressInput {
  const x0 = 100;
  const target = direction === 'decrease' ? 50 : 200;
  let xt: number;
  if (method === 'unsd_extrapolation') {
    const projected = x0 + ratio * (target - x0);
    xt = x0 * Math.sqrt(projected / x0);
  } else {
    const required = Math.pow(target / x0, 1 / 10) - 1;
    xt = x0 * Math.pow(1 + ratio * required, 5);
  }
  return {
    direction,
    target: {
      year: 2025,
      value: target,
      comparator: direction === 'decrease' ? 'at_most' : 'at_least',
    },
    observations: series(['2015', x0], ['2020', xt]),
  };
}

describe('band boundaries end to end, for increase and decrease', () => {
  const SHIFT = 1e-6;
  const cases: [ProgressMethod, number, ProgressStatus, ProgressStatus][] = [
    ['unsd_cagr_ratio', 0.95, 'on_track', 'acceleration_needed'],
    ['unsd_cagr_ratio', 0.5, 'acceleration_needed', 'limited_progress'],
    ['unsd_cagr_ratio', -0.1, 'limited_progress', 'deterioration'],
    ['unsd_extrapolation', 0.95, 'on_track', 'acceleration_needed'],
    ['unsd_extrapolation', 0.5, 'acceleration_needed', 'limited_progress'],
    ['unsd_extrapolation', 0.1, 'limited_progress', 'limited_progress'],
    ['unsd_extrapolation', -0.1, 'limited_progress', 'deterioration'],
    ['statcan', 0.95, 'on_track', 'acceleration_needed'],
    ['statcan', 0.6, 'acceleration_needed', 'limited_progress'],
    ['statcan', 0, 'limited_progress', 'deterioration'],
  ];
  describe.each<Direction>(['increase', 'decrease'])('%s is good', (direction) => {
    it.each(cases)('%s around %d', (method, boundary, above, below) => {
      const justAbove = assessProgress(builtForRatio(method, boundary + SHIFT, direction), method);
      const justBelow = assessProgress(builtForRatio(method, boundary - SHIFT, direction), method);
      expect(justAbove.ratio).toBeCloseTo(boundary + SHIFT, 10);
      expect(justBelow.ratio).toBeCloseTo(boundary - SHIFT, 10);
      expect(justAbove.status).toBe(above);
      expect(justBelow.status).toBe(below);
    });
  });
});

describe('decrease is good', () => {
  /*
   * Base 100 in 2015, at most 50 by 2025, one observation in 2020.
   *   CAGRr = 0.5^(1/10) − 1 = −0.066967008463
   *   xt = 80:  CAGRa = 0.8^(1/5) − 1 = −0.043647500210; CR = R = 0.651776168768
   *             xT = 80 × 0.8 = 64 (the same factor again): r = (64 − 100) / (50 − 100) = 0.72
   *   xt = 90:  CAGRa = −0.020851637639; CR = R = 0.311371795120; xT = 81, r = 0.38
   *   xt = 75:  CAGRa = −0.055912488705; CR = R = 0.834925883479; xT = 56.25, r = 0.875
   *   xt = 110: CAGRa = +0.019244876491; CR = R = −0.287378470878; xT = 121, r = −0.42
   *   xt = 101: CAGRa = +0.001992047667; CR = R = −0.029746702328; xT = 102.01, r = −0.0402:
   *             UNSD reads "limited or no progress" / "stagnation", StatCan "deterioration".
   */
  const input = (xt: number): ProgressInput => ({
    direction: 'decrease',
    target: { year: 2025, value: 50, comparator: 'at_most' },
    observations: series(['2015', 100], ['2020', xt]),
  });
  it.each<[number, ProgressMethod, number, ProgressStatus]>([
    [80, 'unsd_cagr_ratio', 0.6517761687675385, 'acceleration_needed'],
    [80, 'unsd_extrapolation', 0.72, 'acceleration_needed'],
    [80, 'statcan', 0.6517761687675385, 'acceleration_needed'],
    [90, 'unsd_cagr_ratio', 0.31137179512033886, 'limited_progress'],
    [90, 'unsd_extrapolation', 0.38, 'limited_progress'],
    [90, 'statcan', 0.31137179512033886, 'limited_progress'],
    [75, 'unsd_cagr_ratio', 0.8349258834793177, 'acceleration_needed'],
    [75, 'unsd_extrapolation', 0.875, 'acceleration_needed'],
    [75, 'statcan', 0.8349258834793177, 'acceleration_needed'],
    [110, 'unsd_cagr_ratio', -0.28737847087845086, 'deterioration'],
    [110, 'unsd_extrapolation', -0.42, 'deterioration'],
    [110, 'statcan', -0.28737847087845086, 'deterioration'],
    [101, 'unsd_cagr_ratio', -0.029746702327733212, 'limited_progress'],
    [101, 'unsd_extrapolation', -0.0402, 'limited_progress'],
    [101, 'statcan', -0.029746702327733212, 'deterioration'],
  ])('xt = %d, %s: %d', (xt, method, ratio, status) => {
    const result = assessProgress(input(xt), method);
    expect(result.status).toBe(status);
    expectRelative(result.ratio, ratio, 1e-9);
  });

  it('uses d = −1 in the StatCan ratio', () => {
    const result = assessProgress(input(80), 'statcan');
    expect(step(result, 'd')).toBe(-1);
    expect(step(result, 'CAGRreq')).toBeLessThan(0);
  });

  it('is achieved early once the value is at or below the target', () => {
    const result = assessProgress(input(50), 'unsd_cagr_ratio');
    expect(result).toMatchObject({ status: 'achieved', final: false, ratio: null, band: null });
    expect(result.shareAttained).toBe(1);
  });

  it('shares the target as x*/x at the target year', () => {
    const missed = assessProgress(
      { ...input(80), observations: series(['2015', 100], ['2025', 60]) },
      'statcan',
    );
    expect(missed).toMatchObject({ status: 'missed', final: true });
    expectRelative(missed.shareAttained, 50 / 60);
  });
});

// ---------------------------------------------------------------------------
// Final and early statuses
// ---------------------------------------------------------------------------

describe('an observation at the target year is final', () => {
  it.each<[Direction, Comparator, number, ProgressStatus, number | null]>([
    ['increase', 'at_least', 100, 'achieved', 1],
    ['increase', 'at_least', 120, 'achieved', 1.2],
    ['increase', 'at_least', 90, 'missed', 0.9],
    ['decrease', 'at_most', 100, 'achieved', 1],
    ['decrease', 'at_most', 80, 'achieved', 1.25],
    ['decrease', 'at_most', 125, 'missed', 0.8],
    // "approach" is read in the desired direction.
    ['increase', 'approach', 95, 'missed', 0.95],
    ['increase', 'approach', 101, 'achieved', 1.01],
    ['none', 'approach', 101, 'achieved', 1.01],
    ['decrease', 'approach', 101, 'missed', 100 / 101],
    ['decrease', 'approach', 99, 'achieved', 100 / 99],
    // A share of a non-positive amount says nothing.
    ['decrease', 'at_most', -5, 'achieved', null],
  ])('%s, %s 100, observed %d: %s', (direction, comparator, value, status, share) => {
    for (const method of PROGRESS_METHODS) {
      const result = assessProgress(
        {
          direction,
          target: { year: 2020, value: 100, comparator },
          observations: series(['2018', 50], ['2020', value], ['2021', 500]),
        },
        method,
      );
      expect(result.status).toBe(status);
      expect(result.final).toBe(true);
      if (share === null) expect(result.shareAttained).toBeNull();
      else expectRelative(result.shareAttained, share, 1e-15);
    }
  });

  it('needs no base: a single observation at the target year decides', () => {
    const result = assessProgress(
      {
        direction: 'increase',
        target: { year: 2020, value: 10, comparator: 'at_least' },
        observations: series(['202012', 11]),
      },
      'unsd_cagr_ratio',
    );
    expect(result).toMatchObject({ status: 'achieved', final: true });
  });

  it('notes how "approach" was read', () => {
    const result = assessProgress(
      {
        direction: 'decrease',
        target: { year: 2020, value: 100, comparator: 'approach' },
        observations: series(['2020', 99]),
      },
      'statcan',
    );
    expect(result.inputs.appliedComparator).toBe('at_most');
    expect(result.notes.join(' ')).toContain('The plan says "approach" 100; assessed as at most');
  });

  it('does not treat a half-year before the target year end as final', () => {
    const result = assessProgress(
      {
        direction: 'increase',
        target: { year: 2020, value: 20, comparator: 'at_least' },
        observations: series(['2016S1', 6], ['2020S1', 11]),
      },
      'unsd_cagr_ratio',
    );
    expect(result.final).toBe(false);
    expect(result.inputs.latest?.t).toBe(2019.5);
  });
});

describe('target already met before the target year', () => {
  it('is achieved, not final, with the share attained', () => {
    for (const method of PROGRESS_METHODS) {
      const result = assessProgress(ecommerce(2025, 40), method);
      expect(result).toMatchObject({ status: 'achieved', final: false, ratio: null });
      expectRelative(result.shareAttained, 43.83 / 40);
    }
  });
});

// ---------------------------------------------------------------------------
// Insufficient data
// ---------------------------------------------------------------------------

describe('insufficient data, with the reason', () => {
  const increase = (
    observations: ProgressObservation[],
    extra: Partial<ProgressInput> = {},
  ): ProgressInput => ({
    direction: 'increase',
    target: { year: 2025, value: 100, comparator: 'at_least' },
    observations,
    ...extra,
  });
  it.each<[string, ProgressInput, ProgressMethod[], string]>([
    ['no observations', increase([]), [...PROGRESS_METHODS], 'no_observation_by_target_year'],
    [
      'only observations after the target year',
      increase(series(['2026', 50], ['2027', 60])),
      [...PROGRESS_METHODS],
      'no_observation_by_target_year',
    ],
    [
      'a baseline at the target year',
      increase(series(['2020', 50]), {
        baseline: { t: 2025, value: 40, period: '2025', source: 'target' },
      }),
      [...PROGRESS_METHODS],
      'base_not_before_target_year',
    ],
    [
      'one observation only (the base is the latest)',
      increase(series(['2018', 50])),
      [...PROGRESS_METHODS],
      'no_observation_after_base',
    ],
    [
      'the latest observation before the stated baseline',
      increase(series(['2016', 50]), {
        baseline: { t: 2018, value: 40, period: '2018', source: 'target' },
      }),
      [...PROGRESS_METHODS],
      'no_observation_after_base',
    ],
    [
      'a base of 0 (UNSD)',
      increase(series(['2018', 0], ['2020', 30])),
      ['unsd_cagr_ratio', 'unsd_extrapolation'],
      'non_positive_value',
    ],
    [
      'a negative latest value',
      increase(series(['2018', 10], ['2020', -3])),
      [...PROGRESS_METHODS],
      'non_positive_value',
    ],
    [
      'a negative base, even for StatCan',
      increase(series(['2018', -10], ['2020', 3])),
      [...PROGRESS_METHODS],
      'non_positive_value',
    ],
    [
      'a target equal to the base',
      increase(series(['2018', 100], ['2020', 90])),
      [...PROGRESS_METHODS],
      'no_required_change',
    ],
  ])('%s', (_, input, methods, reason) => {
    for (const method of methods) {
      const result = assessProgress(input, method);
      expect(result.status).toBe('insufficient_data');
      expect(result.reason).toBe(reason);
      expect(result.final).toBe(false);
      expect(result.ratio).toBeNull();
      expect(result.notes[0]).toMatch(/\.$/);
    }
  });

  it('a target of 0 has no CAGRr, but has an extrapolation ratio', () => {
    const input: ProgressInput = {
      direction: 'decrease',
      target: { year: 2025, value: 0, comparator: 'at_most' },
      observations: series(['2015', 100], ['2020', 50]),
    };
    expect(assessProgress(input, 'unsd_cagr_ratio').reason).toBe('non_positive_value');
    // xT = 50 × (0.5)^1 = 25; r = (25 − 100) / (0 − 100) = 0.75
    const extrapolated = assessProgress(input, 'unsd_extrapolation');
    expect(extrapolated.status).toBe('acceleration_needed');
    expectRelative(extrapolated.ratio, 0.75, 1e-12);
  });
});

describe('StatCan replaces a base or target of 0 by 0.001', () => {
  it('base 0: 5G base stations from none in 2018', () => {
    // x0 = 0.001, xt = 13 (2019), x* = 300 (2025): CAGRobs = 13000 − 1 = 12999,
    // CAGRreq = 300000^(1/7) − 1 = 5.0510..., R = 12999 / 5.0510 = 2573.5... → on track
    const result = assessProgress(
      {
        direction: 'increase',
        target: { year: 2025, value: 300, comparator: 'at_least' },
        observations: series(['2018', 0], ['2019', 13]),
      },
      'statcan',
    );
    expect(step(result, 'x0 (used)')).toBe(0.001);
    expectRelative(step(result, 'CAGRobs'), 12999, 1e-12);
    expectRelative(step(result, 'CAGRreq'), Math.pow(300000, 1 / 7) - 1, 1e-12);
    expect(result.status).toBe('on_track');
  });

  it('target 0: eliminate something', () => {
    // x0 = 10, xt = 5 after 5 years, x* = 0.001 after 10: CAGRobs = 0.5^(1/5) − 1 = −0.129449,
    // CAGRreq = 0.0001^(1/10) − 1 = −0.601893; R = −1 × −0.129449 / 0.601893 = 0.215071
    const result = assessProgress(
      {
        direction: 'decrease',
        target: { year: 2025, value: 0, comparator: 'at_most' },
        observations: series(['2015', 10], ['2020', 5]),
      },
      'statcan',
    );
    expect(step(result, 'x* (used)')).toBe(0.001);
    expectRelative(
      result.ratio,
      (1 - Math.pow(0.5, 1 / 5)) / (1 - Math.pow(0.0001, 1 / 10)),
      1e-12,
    );
    expect(result.status).toBe('limited_progress');
  });
});

// ---------------------------------------------------------------------------
// The explanation
// ---------------------------------------------------------------------------

describe('the explanation lets a person redo the computation', () => {
  it.each(PROGRESS_METHODS)('%s: steps recompute the ratio from the inputs', (method) => {
    const result = assessProgress(ecommerce(2025, 67), method);
    const { base, latest, target } = result.inputs;
    if (!base || !latest) throw new Error('inputs missing');
    const years = step(result, 't - t0');
    expect(years).toBe(latest.t - base.t);
    expect(step(result, 'T - t0')).toBe(target.year - base.t);
    const growth = Math.pow(latest.value / base.value, 1 / years) - 1;
    if (method === 'unsd_extrapolation') {
      const projected = latest.value * Math.pow(1 + growth, target.year - latest.t);
      expectRelative(step(result, 'xT'), projected, 1e-12);
      expectRelative(step(result, 'r'), (projected - base.value) / (target.value - base.value));
    } else {
      const required = Math.pow(target.value / base.value, 1 / step(result, 'T - t0')) - 1;
      const ratioName = method === 'statcan' ? 'R' : 'CR';
      expectRelative(step(result, ratioName), growth / required, 1e-12);
      expect(result.ratio).toBe(step(result, ratioName));
    }
    expect(result.formula).toMatch(method === 'unsd_extrapolation' ? /^r = / : /CAGR/);
    expect(result.band).toEqual(classifyRatio(method, result.ratio ?? NaN));
    expect(result.steps.every((candidate) => candidate.formula.length > 0)).toBe(true);
  });

  it('gives the UNSD formula as published', () => {
    expect(assessProgress(ecommerce(2025, 67), 'unsd_cagr_ratio').formula).toBe(
      'CR = CAGRa / CAGRr; CAGRa = (xt/x0)^(1/(t-t0)) - 1; CAGRr = (x*/x0)^(1/(T-t0)) - 1',
    );
  });

  it('notes a stated baseline that differs from the series', () => {
    const input = ecommerce(2025, 67);
    const result = assessProgress(
      { ...input, baseline: { t: 2015, value: 21, period: '2015', source: 'target' } },
      'statcan',
    );
    expect(result.inputs.base).toEqual({ t: 2015, value: 21, period: '2015', source: 'target' });
    expect(result.notes).toContain('The series has 20.8 for 2015; the stated baseline 21 is used.');
  });

  it('warns when the base already met the target but the latest does not (UNSD)', () => {
    const input: ProgressInput = {
      direction: 'increase',
      target: { year: 2025, value: 100, comparator: 'at_least' },
      observations: series(['2015', 120], ['2020', 90]),
    };
    const unsd = assessProgress(input, 'unsd_cagr_ratio');
    expect(unsd.notes.join(' ')).toContain('read the ratio with care');
    // StatCan's d and |CAGRreq| read the fall as what it is.
    expect(assessProgress(input, 'statcan').status).toBe('deterioration');
  });

  it('does not depend on the order of the observations', () => {
    const shuffled = [...ECOMMERCE].reverse();
    for (const method of PROGRESS_METHODS) {
      expect(assessProgress({ ...ecommerce(2025, 67), observations: shuffled }, method)).toEqual(
        assessProgress(ecommerce(2025, 67), method),
      );
    }
  });
});

describe('refuses input that is not one series', () => {
  const base: ProgressInput = {
    direction: 'increase',
    target: { year: 2025, value: 100, comparator: 'at_least' },
    observations: [],
  };
  it.each<[string, ProgressObservation[], string]>([
    ['two values at one time', series(['2020', 1], ['202012', 2]), 'fall at the same time'],
    ['a value that is not finite', series(['2020', NaN]), 'not a finite number'],
    ['a period that is not a code', series(['2020-12', 1]), 'is not a period code'],
  ])('%s', (_, observations, message) => {
    expect(() => assessProgress({ ...base, observations }, 'statcan')).toThrow(message);
  });
});

// ---------------------------------------------------------------------------
// Milestones
// ---------------------------------------------------------------------------

describe('assessMilestone', () => {
  const evidence = (...items: [MilestoneEvidence['status'], string][]): MilestoneEvidence[] =>
    items.map(([status, recordedAt]) => ({ status, recordedAt }));

  it.each<[string, MilestoneEvidence[], string, ProgressStatus, boolean, string]>([
    // [case, evidence, today, status, final, timing]; target year 2020, deadline 2020-12-31
    ['no evidence', [], '2020-06-01', 'insufficient_data', false, 'open'],
    [
      'achieved in time',
      evidence(['achieved', '2020-10-01']),
      '2020-11-01',
      'achieved',
      true,
      'open',
    ],
    [
      'achieved, looked at later',
      evidence(['achieved', '2020-10-01']),
      '2022-01-01',
      'achieved',
      true,
      'overdue',
    ],
    [
      'achieved, recorded after the deadline',
      evidence(['achieved', '2021-02-01']),
      '2021-03-01',
      'achieved',
      true,
      'closed',
    ],
    [
      'in progress, open',
      evidence(['in_progress', '2019-06-01']),
      '2020-06-01',
      'on_track',
      false,
      'open',
    ],
    [
      'in progress, deadline passed since',
      evidence(['in_progress', '2020-06-01']),
      '2021-03-01',
      'missed',
      false,
      'overdue',
    ],
    [
      'still in progress after the deadline',
      evidence(['in_progress', '2021-02-01']),
      '2021-03-01',
      'missed',
      true,
      'closed',
    ],
    [
      'not started, open',
      evidence(['not_started', '2019-01-01']),
      '2020-01-01',
      'limited_progress',
      false,
      'open',
    ],
    [
      'not started, deadline passed since',
      evidence(['not_started', '2019-01-01']),
      '2021-01-01',
      'missed',
      false,
      'overdue',
    ],
    [
      'not achieved, recorded after the deadline',
      evidence(['not_achieved', '2021-01-15']),
      '2021-02-01',
      'missed',
      true,
      'closed',
    ],
    [
      'not achieved, recorded before the deadline',
      evidence(['not_achieved', '2020-11-15']),
      '2020-12-01',
      'missed',
      false,
      'open',
    ],
    [
      'the latest evidence decides',
      evidence(['achieved', '2020-05-01'], ['in_progress', '2020-09-01']),
      '2020-10-01',
      'on_track',
      false,
      'open',
    ],
    [
      'evidence after today is left out',
      evidence(['in_progress', '2020-05-01'], ['achieved', '2020-09-01']),
      '2020-08-01',
      'on_track',
      false,
      'open',
    ],
    [
      'on equal dates, the later entry wins',
      evidence(['in_progress', '2020-09-01'], ['achieved', '2020-09-01']),
      '2020-10-01',
      'achieved',
      true,
      'open',
    ],
    [
      'a date-time on the last day is before the deadline',
      evidence(['in_progress', '2020-12-31T23:59:59+08:00']),
      '2021-01-05',
      'missed',
      false,
      'overdue',
    ],
    [
      'today is the deadline: still open',
      evidence(['in_progress', '2020-03-01']),
      '2020-12-31',
      'on_track',
      false,
      'open',
    ],
  ])('%s', (_, items, today, status, final, timing) => {
    const result = assessMilestone(items, 2020, today);
    expect(result.status).toBe(status);
    expect(result.final).toBe(final);
    expect(result.timing).toBe(timing);
    expect(result.inputs.deadline).toBe('2020-12-31');
    expect(result.notes.length).toBeGreaterThan(0);
    if (status === 'insufficient_data') expect(result.reason).toBe('no_evidence');
    else expect(result.rule?.explanation).toBe(result.notes[0]);
  });

  it('counts the evidence left out for being after today', () => {
    const result = assessMilestone(
      evidence(['in_progress', '2020-05-01'], ['achieved', '2020-09-01']),
      2020,
      '2020-08-01',
    );
    expect(result.inputs.ignoredAfterToday).toBe(1);
    expect(result.inputs.latest).toEqual({ status: 'in_progress', recordedAt: '2020-05-01' });
  });

  it('has exactly one rule for each evidence status and timing', () => {
    for (const status of MILESTONE_EVIDENCE_STATUSES) {
      for (const timing of ['open', 'overdue', 'closed'] as const) {
        const rules = MILESTONE_RULES.filter(
          (candidate) => candidate.evidence === status && candidate.timing === timing,
        );
        expect(rules).toHaveLength(1);
      }
    }
  });

  it('refuses dates that are not ISO dates', () => {
    expect(() => assessMilestone([], 2020, '31/12/2020')).toThrow('is not an ISO date');
    expect(() => assessMilestone(evidence(['achieved', 'yesterday']), 2020, '2020-01-01')).toThrow(
      'is not an ISO date',
    );
  });
});
