/**
 * Numbers and value labels as the validation messages quote them, in English
 * and Chinese. Internal to the validation: the wording lives in
 * validate-form.ts, next to the checks that produce it.
 */
import { disaggregationLabel, TOTAL, type CategoryModel } from '../disaggregation.js';

export type Language = 'en' | 'zh';

export interface Bilingual {
  en: string;
  zh: string;
}

const LOCALES: Record<Language, string> = { en: 'en', zh: 'zh-CN' };

const PLAIN = {
  en: new Intl.NumberFormat(LOCALES.en, { maximumFractionDigits: 6 }),
  zh: new Intl.NumberFormat(LOCALES.zh, { maximumFractionDigits: 6 }),
};
// Below 1e-6 six fraction digits would print 0, and "0 is above the maximum 0" explains nothing.
const TINY = {
  en: new Intl.NumberFormat(LOCALES.en, { notation: 'scientific', maximumSignificantDigits: 6 }),
  zh: new Intl.NumberFormat(LOCALES.zh, { notation: 'scientific', maximumSignificantDigits: 6 }),
};
const SCORE = {
  en: new Intl.NumberFormat(LOCALES.en, { maximumFractionDigits: 2 }),
  zh: new Intl.NumberFormat(LOCALES.zh, { maximumFractionDigits: 2 }),
};

/** 1,234.5; up to six fraction digits; tiny magnitudes in scientific notation. */
export function formatNumber(value: number, language: Language): string {
  if (value !== 0 && Math.abs(value) < 1e-6) return TINY[language].format(value);
  return PLAIN[language].format(value);
}

/** A score needs two decimals at most: it is compared with a threshold like 3.5. */
export function formatScore(value: number, language: Language): string {
  return SCORE[language].format(value);
}

/** "1,200 10k subscribers" / "1,200万户": Chinese units follow the digits without a space, as do % and ‰. */
export function formatQuantity(
  value: number,
  unit: Bilingual | null | undefined,
  language: Language,
): string {
  const number = formatNumber(value, language);
  const label = unit?.[language].trim() ?? '';
  if (label === '') return number;
  if (language === 'zh' || label === '%' || label === '‰') return `${number}${label}`;
  return `${number} ${label}`;
}

export interface LabelledIndicator {
  nameEn: string;
  nameZh: string;
  categories: readonly CategoryModel[];
}

/**
 * "Mobile users", "Mobile users (Urban)", "移动电话用户（城镇）"; a total the
 * form derived from its parts says so. An indicator the form does not know is
 * named by its code.
 */
export function valueLabel(
  code: string,
  indicator: LabelledIndicator | undefined,
  disaggregation: string,
  language: Language,
  derivedFromParts = false,
): string {
  const name = indicator ? (language === 'zh' ? indicator.nameZh : indicator.nameEn) : code;
  const detail = derivedFromParts
    ? language === 'zh'
      ? '分项之和'
      : 'sum of the parts'
    : disaggregation === TOTAL
      ? null
      : disaggregationLabel(disaggregation, indicator?.categories ?? [], language);
  if (detail === null) return name;
  return language === 'zh' ? `${name}（${detail}）` : `${name} (${detail})`;
}

/**
 * Labels as a list: commas (、 in Chinese) unless a label holds a comma itself
 * ("Urban, state-owned"), then semicolons. At most `limit` named, then a count.
 */
export function listLabels(labels: readonly string[], language: Language, limit = 5): string {
  const shown = labels.slice(0, limit);
  const rest = labels.length - shown.length;
  const separator =
    language === 'zh'
      ? shown.some((label) => label.includes('，'))
        ? '；'
        : '、'
      : shown.some((label) => label.includes(','))
        ? '; '
        : ', ';
  const list = shown.join(separator);
  if (rest <= 0) return list;
  return language === 'zh' ? `${list}等 ${labels.length} 项` : `${list} and ${rest} more`;
}
