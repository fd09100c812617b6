/**
 * Words and numbers of the explain view: shares, ratios, probabilities and
 * the computed steps of an assessment, and the server's notes in the UI
 * language. The server writes its notes in English (one fixed sentence per
 * situation, numbers filled in); each is recognised here and said again
 * through the translation files, its numbers formatted with the indicator's
 * unit. A note not recognised is shown as the server wrote it.
 */
import type { TFunction } from 'i18next';
import { MILESTONE_RULES } from '../../../src/core/progress/assess';
import { formatPeriod } from './periodLabel';
import { formatNumber, type Lang } from './quantity';

/** Key of a band's published category name: "Fair progress, but acceleration needed" -> fair_progress_but_acceleration_needed. */
export function bandSlug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** A band's published category in the UI language (the publication's English when unknown). */
export function bandLabel(label: string, t: TFunction): string {
  return t(`progress.bands.${bandSlug(label)}`, { defaultValue: label });
}

/** 0.979 -> "97.9%". */
export function formatShare(value: number, lang: Lang, digits = 1): string {
  return `${formatNumber(value * 100, lang, digits)}%`;
}

/** A probability as a whole percentage, never claiming certainty: "<1%", "20%", ">99%". */
export function formatProbability(value: number, lang: Lang): string {
  if (value < 0.005) return `<${formatNumber(1, lang)}%`;
  if (value > 0.995) return `>${formatNumber(99, lang)}%`;
  return `${formatNumber(Math.round(value * 100), lang, 0)}%`;
}

/** A ratio of growth rates: three decimals ("0.905"). */
export function formatRatio(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
  }).format(value);
}

/** What kind of number an assessment step is, by its name (see src/core/progress/assess.ts). */
export type StepKind = 'years' | 'rate' | 'ratio' | 'quantity' | 'sign' | 'share' | 'number';

const STEP_KINDS: Record<string, StepKind> = {
  't - t0': 'years',
  'T - t0': 'years',
  'T - t': 'years',
  CAGRa: 'rate',
  CAGRr: 'rate',
  CAGRobs: 'rate',
  CAGRreq: 'rate',
  CR: 'ratio',
  r: 'ratio',
  R: 'ratio',
  xT: 'quantity',
  'x0 (used)': 'quantity',
  'x* (used)': 'quantity',
  d: 'sign',
  shareAttained: 'share',
};

/** Key of the step's meaning under `explain.steps`. */
const STEP_KEYS: Record<string, string> = {
  't - t0': 'elapsed',
  'T - t0': 'span',
  'T - t': 'remaining',
  CAGRa: 'cagrActual',
  CAGRr: 'cagrRequired',
  CAGRobs: 'cagrObserved',
  CAGRreq: 'cagrRequiredStatcan',
  CR: 'cr',
  r: 'r',
  R: 'statcanRatio',
  xT: 'projected',
  'x0 (used)': 'baseUsed',
  'x* (used)': 'targetUsed',
  d: 'direction',
  shareAttained: 'share',
};

export function stepKind(name: string): StepKind {
  return STEP_KINDS[name] ?? 'number';
}

/** The step's meaning in words; the name itself for a step this version does not know. */
export function stepMeaning(name: string, t: TFunction): string {
  const key = STEP_KEYS[name];
  return key ? t(`explain.steps.${key}`) : name;
}

export function formatStepValue(
  name: string,
  value: number,
  lang: Lang,
  t: TFunction,
  quantity: (v: number) => string,
): string {
  switch (stepKind(name)) {
    case 'years':
      return t('explain.years', { count: value, value: formatNumber(value, lang, 2) });
    case 'rate':
      return formatShare(value, lang, 2);
    case 'ratio':
      return formatRatio(value, lang);
    case 'quantity':
      return quantity(value);
    case 'sign':
      return value > 0 ? '+1' : '−1';
    case 'share':
      return formatShare(value, lang, 1);
    case 'number':
      return formatNumber(value, lang, 4);
  }
}

/** The server's fixed notes (src/core/progress/assess.ts and forecast.ts), by translation key. */
const FIXED_NOTES: Record<string, string> = {
  'There is no observation at or before the target year.': 'reason.no_observation_by_target_year',
  'The base is not before the target year: no growth is required over time.':
    'reason.base_not_before_target_year',
  'The latest observation is not later than the base: growth needs two distinct time points.':
    'reason.no_observation_after_base',
  'A value the growth rate needs (base, latest or target) is zero or negative: the ratio of the two has no compound growth rate.':
    'reason.non_positive_value',
  'The target equals the base: the required growth is zero, so no ratio can be formed.':
    'reason.no_required_change',
  'The latest value already meets the target before the target year; a later value that no longer meets it would change the status.':
    'achievedEarly',
  'The base already met the target, but the latest value does not: the required growth points against the desired direction, so read the ratio with care.':
    'baseMetTarget',
  'No forecast: a trend needs positive values at two distinct times at least.': 'noForecast',
  'Two points: the line passes through both, so there is no residual spread to build a prediction interval or a probability from.':
    'twoPoints',
  'No probability: the target is not positive, and the trend only takes positive values.':
    'noProbability',
  'No evidence recorded on or before today.': 'noEvidence',
};

const LATER = /^(\d+) observation\(s\) after the target year (\d{4}) left out: /;
const APPROACH =
  /^The plan says "approach" (-?[\d.e+-]+); assessed as (at least|at most) the target, in the desired direction \((\w+)\)\.$/;
const BASELINE =
  /^The series has (-?[\d.e+-]+) for (\S+); the stated baseline (-?[\d.e+-]+) is used\.$/;
const EXCLUDED = /^Left out, since a logarithm needs a positive, finite value: (.+)\.$/;

export interface TranslatedNote {
  text: string;
  /** False when the note was not recognised and is shown in the server's English. */
  translated: boolean;
}

/** A note of an assessment, forecast or milestone in the UI language. */
export function translateNote(
  note: string,
  t: TFunction,
  quantity: (v: number) => string,
): TranslatedNote {
  const fixed = FIXED_NOTES[note];
  if (fixed) return { text: t(`explain.notes.${fixed}`), translated: true };
  let match = LATER.exec(note);
  if (match)
    return {
      text: t('explain.notes.laterLeftOut', { count: Number(match[1]), year: match[2] }),
      translated: true,
    };
  match = APPROACH.exec(note);
  if (match)
    return {
      text: t('explain.notes.approach', {
        value: quantity(Number(match[1])),
        applied: t(`explain.comparatorWord.${match[2] === 'at most' ? 'at_most' : 'at_least'}`),
        direction: t(`indicator.directions.${match[3]}`, { defaultValue: match[3] }),
      }),
      translated: true,
    };
  match = BASELINE.exec(note);
  if (match)
    return {
      text: t('explain.notes.baselineDiffers', {
        value: quantity(Number(match[1])),
        period: formatPeriod(match[2] ?? '', t),
        baseline: quantity(Number(match[3])),
      }),
      translated: true,
    };
  match = EXCLUDED.exec(note);
  if (match)
    return {
      text: t('explain.notes.forecastExcluded', {
        periods: (match[1] ?? '')
          .split(', ')
          .map((p) => formatPeriod(p, t))
          .join(t('explain.listSeparator')),
      }),
      translated: true,
    };
  const rule = MILESTONE_RULES.find((r) => r.explanation === note);
  if (rule)
    return {
      text: t(`explain.milestone.rules.${rule.evidence}_${rule.timing}`),
      translated: true,
    };
  return { text: note, translated: false };
}
