import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assessMilestone,
  assessProgress,
  MILESTONE_RULES,
  PROGRESS_BANDS,
  PROGRESS_METHODS,
  type ProgressInput,
} from '../../../src/core/progress/assess';
import { forecast } from '../../../src/core/progress/forecast';
import en from '../i18n/en.json';
import zh from '../i18n/zh-CN.json';
import {
  bandSlug,
  formatProbability,
  formatRatio,
  formatShare,
  formatStepValue,
  stepMeaning,
  translateNote,
} from './explain';
import { formatQuantity } from './quantity';

const translators: Record<'en' | 'zh-CN', TFunction> = {} as Record<'en' | 'zh-CN', TFunction>;

beforeAll(async () => {
  for (const lng of ['en', 'zh-CN'] as const) {
    const i18n = createInstance();
    await i18n.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
      lng,
      fallbackLng: false,
      interpolation: { escapeValue: false },
    });
    translators[lng] = i18n.t.bind(i18n);
  }
});

const trillion = (lang: 'en' | 'zh-CN') => (v: number) => formatQuantity(v, 'yuan', 12, lang);

function input(overrides: Partial<ProgressInput> = {}): ProgressInput {
  return {
    direction: 'increase',
    target: { year: 2025, value: 67, comparator: 'at_least' },
    observations: [
      { period: '2015', value: 20.8 },
      { period: '2020', value: 37.21 },
      { period: '2022', value: 43.83 },
    ],
    ...overrides,
  };
}

/** Every kind of note the core writes, produced by the core itself. */
function everyNote(): string[] {
  const notes: string[] = [];
  for (const method of PROGRESS_METHODS) {
    const cases: ProgressInput[] = [
      // later figures left out
      input({ target: { year: 2020, value: 38, comparator: 'at_least' } }),
      // approach
      input({ target: { year: 2025, value: 67, comparator: 'approach' } }),
      // stated baseline differs from the series
      input({ baseline: { t: 2015, value: 21, period: '2015', source: 'target' } }),
      // no observation by the target year
      input({ target: { year: 2010, value: 5, comparator: 'at_least' } }),
      // base not before the target year
      input({
        baseline: { t: 2025, value: 10, period: '2025', source: 'target' },
        observations: [{ period: '2022', value: 43 }],
      }),
      // no observation after the base
      input({ observations: [{ period: '2015', value: 20.8 }] }),
      // non-positive value
      input({
        observations: [
          { period: '2015', value: -1 },
          { period: '2020', value: 3 },
        ],
      }),
      // no required change
      input({ target: { year: 2025, value: 20.8, comparator: 'at_most' } }),
      // achieved early
      input({ target: { year: 2025, value: 40, comparator: 'at_least' } }),
      // base already met the target
      input({
        target: { year: 2025, value: 10, comparator: 'at_least' },
        observations: [
          { period: '2015', value: 20.8 },
          { period: '2020', value: 8 },
        ],
      }),
    ];
    for (const c of cases) notes.push(...assessProgress(c, method).notes);
  }
  const f = (values: number[], target = 67) =>
    forecast(
      values.map((value, i) => ({ period: String(2015 + i), value })),
      2025,
      target,
      'at_least',
    ).notes;
  notes.push(...f([0, 20, 22, 25]), ...f([20]), ...f([20, 22]), ...f([20, 22, 26], -1));
  notes.push(...assessMilestone([], 2020, '2026-01-01').notes);
  for (const rule of MILESTONE_RULES) notes.push(rule.explanation);
  return [...new Set(notes)];
}

describe('translateNote', () => {
  it('recognises every note the core writes, in both languages', () => {
    const notes = everyNote();
    expect(notes.length).toBeGreaterThanOrEqual(18);
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const note of notes) {
        const result = translateNote(note, translators[lang], trillion(lang));
        expect(result.translated, note).toBe(true);
        expect(result.text, note).not.toMatch(/explain\.|\{\{/);
        if (lang === 'zh-CN') expect(result.text, note).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('formats the numbers of a note with the unit', () => {
    const note = 'The series has 52.6 for 2015; the stated baseline 40 is used.';
    expect(translateNote(note, translators.en, trillion('en')).text).toBe(
      'The series has 52.6 trillion yuan for 2015; the baseline the plan states, 40 trillion yuan, is used.',
    );
    expect(translateNote(note, translators['zh-CN'], trillion('zh-CN')).text).toContain(
      '52.6 万亿元',
    );
  });

  it('keeps a note it does not know as the server wrote it', () => {
    expect(translateNote('Something new.', translators['zh-CN'], trillion('zh-CN'))).toEqual({
      text: 'Something new.',
      translated: false,
    });
  });
});

describe('labels', () => {
  it('names every band of every method in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const)
      for (const method of PROGRESS_METHODS)
        for (const band of PROGRESS_BANDS[method]) {
          const key = `progress.bands.${bandSlug(band.label)}`;
          expect(translators[lang](key), key).not.toBe(key);
        }
  });

  it('names every step the core computes', () => {
    const steps = new Set<string>();
    for (const method of PROGRESS_METHODS) {
      for (const a of [
        assessProgress(input(), method),
        assessProgress(
          input({
            direction: 'decrease',
            target: { year: 2025, value: 0, comparator: 'at_most' },
          }),
          method,
        ),
      ])
        for (const s of a.steps) steps.add(s.name);
    }
    for (const lang of ['en', 'zh-CN'] as const)
      for (const name of steps) expect(stepMeaning(name, translators[lang]), name).not.toBe(name);
  });
});

describe('numbers', () => {
  it('formats shares, ratios and probabilities', () => {
    expect(formatShare(37.21 / 38, 'en')).toBe('97.9%');
    expect(formatRatio(0.905442913378436, 'zh-CN')).toBe('0.905');
    expect(formatProbability(0.20468549665263092, 'en')).toBe('20%');
    expect(formatProbability(0.001, 'en')).toBe('<1%');
    expect(formatProbability(0.9999, 'zh-CN')).toBe('>99%');
  });

  it('formats each step by its kind', () => {
    const t = translators.en;
    const q = trillion('en');
    expect(formatStepValue('t - t0', 7, 'en', t, q)).toBe('7 years');
    expect(formatStepValue('CAGRa', 0.1123565575092004, 'en', t, q)).toBe('11.24%');
    expect(formatStepValue('CR', 0.905442913378436, 'en', t, q)).toBe('0.905');
    expect(formatStepValue('xT', 62.65, 'en', t, q)).toBe('62.65 trillion yuan');
    expect(formatStepValue('d', -1, 'en', t, q)).toBe('−1');
    expect(formatStepValue('shareAttained', 0.654179104477612, 'en', t, q)).toBe('65.4%');
    expect(formatStepValue('t - t0', 7, 'zh-CN', translators['zh-CN'], q)).toBe('7 年');
  });
});
