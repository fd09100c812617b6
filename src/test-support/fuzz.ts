/**
 * What the hostile-input property tests share: how many cases to run and
 * with which seed, and the values an attacker or a broken client sends.
 *
 * The ordinary suite runs few cases with a fixed seed, so a failure comes
 * back on every run. `npm run test:fuzz` sets PLANWATCH_FUZZ_RUNS (the runs
 * of a property whose ordinary count is 100; the others scale with it) and,
 * unless PLANWATCH_FUZZ_SEED names one, lets fast-check pick a new seed, which
 * it prints with any counterexample: PLANWATCH_FUZZ_SEED=<seed> replays it.
 */
import fc from 'fast-check';
import { HOSTILE_STRINGS } from './access.js';

/** The seed of the ordinary suite: any fixed number would do. */
const FIXED_SEED = 20_160_727;

const runsSetting = Number(process.env.PLANWATCH_FUZZ_RUNS ?? '');
const seedSetting = process.env.PLANWATCH_FUZZ_SEED ?? '';

/** True in a long run (PLANWATCH_FUZZ_RUNS set): tests then take as long as they need. */
export const LONG_FUZZ = Number.isInteger(runsSetting) && runsSetting > 0;

/** The seed every property of this run uses; undefined lets fast-check draw one. */
export const FUZZ_SEED: number | undefined =
  seedSetting !== '' ? Number(seedSetting) : LONG_FUZZ ? undefined : FIXED_SEED;

/**
 * fast-check's settings for a property that runs `ordinaryRuns` cases in the
 * ordinary suite: scaled by PLANWATCH_FUZZ_RUNS / 100 in a long run.
 */
export function fuzzSettings(ordinaryRuns: number): { numRuns: number; seed?: number } {
  const numRuns = LONG_FUZZ
    ? Math.max(ordinaryRuns, Math.round((ordinaryRuns * runsSetting) / 100))
    : ordinaryRuns;
  return FUZZ_SEED === undefined ? { numRuns } : { numRuns, seed: FUZZ_SEED };
}

/** A timeout for a test running `ordinaryRuns` cases at up to `msPerCase`; none in a long run. */
export function fuzzTimeout(ordinaryRuns: number, msPerCase: number): number {
  return LONG_FUZZ ? 0 : Math.max(90_000, ordinaryRuns * msPerCase);
}

/** Text that breaks naive code: injections, control characters, odd Unicode, formulas, number look-alikes. */
export const NASTY_TEXT: readonly string[] = [
  ...HOSTILE_STRINGS,
  '',
  ' ',
  '\t',
  '\r\n',
  '\ufeff',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  'e\u0301\u0301\u0301',
  '😀',
  '\udc00x',
  '\u0000\u0000',
  '湖北省',
  '=HYPERLINK("http://x","y")',
  '+1',
  '-1',
  '@SUM(A1)',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-0',
  '0x1F',
  '１２３',
  ' 12 ',
  '1,234.5',
  '2024-02-30',
  '0000-00-00',
  '9999-12-31T23:59:60Z',
  'null',
  'undefined',
  '%s%n%x',
  '\\',
  '"',
  "'",
  '%FF',
  '..',
  '/',
];

export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '湖', '😀', '"', '\\'), fc.integer({ min: 256, max: 70_000 }))
      .map(([unit, length]) => unit.repeat(length)),
  },
);
