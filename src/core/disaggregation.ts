/**
 * Disaggregations, DHIS2's category model made small: an indicator may be
 * broken down by categories (area: urban/rural; enterprise type: ...); a
 * value belongs to one option of each, or to none (the total, key '').
 * Keys name categories in the indicator's order: "AREA=URBAN;ENTERPRISE=SOE".
 */

export interface CategoryModel {
  code: string;
  nameEn: string;
  nameZh: string;
  options: readonly { code: string; nameEn: string; nameZh: string }[];
}

export const TOTAL = '';

export type DisaggregationResult = { ok: true; key: string } | { ok: false; message: string };

/**
 * Reads a key as a user wrote it (any category order, spaces, lower case
 * codes) against an indicator's categories and returns it in canonical form.
 * Every category must be named once: a partial breakdown is not a value the
 * model knows, and guessing the rest would invent data.
 */
export function normaliseDisaggregation(
  text: string,
  categories: readonly CategoryModel[],
): DisaggregationResult {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toUpperCase() === '_T') return { ok: true, key: TOTAL };
  if (categories.length === 0) {
    return {
      ok: false,
      message: `"${text}": this indicator has no disaggregation; leave it empty`,
    };
  }
  const chosen = new Map<string, string>();
  for (const part of trimmed.split(';')) {
    const [rawCategory, rawOption, ...rest] = part.split('=');
    if (rawCategory === undefined || rawOption === undefined || rest.length > 0) {
      return { ok: false, message: `"${part}" is not CATEGORY=OPTION` };
    }
    const categoryCode = rawCategory.trim().toUpperCase();
    const optionCode = rawOption.trim().toUpperCase();
    const category = categories.find((c) => c.code === categoryCode);
    if (!category) {
      return {
        ok: false,
        message: `no category ${categoryCode} here; expected ${categories.map((c) => c.code).join(', ')}`,
      };
    }
    if (chosen.has(categoryCode)) return { ok: false, message: `${categoryCode} is named twice` };
    if (!category.options.some((o) => o.code === optionCode)) {
      return {
        ok: false,
        message: `${categoryCode} has no option ${optionCode}; expected ${category.options.map((o) => o.code).join(', ')}`,
      };
    }
    chosen.set(categoryCode, optionCode);
  }
  const missing = categories.filter((c) => !chosen.has(c.code));
  if (missing.length > 0) {
    return { ok: false, message: `${missing.map((c) => c.code).join(', ')} not given` };
  }
  return { ok: true, key: categories.map((c) => `${c.code}=${chosen.get(c.code)}`).join(';') };
}

/** Every combination of one option per category, in category and option order; [] without categories. */
export function disaggregationKeys(categories: readonly CategoryModel[]): string[] {
  if (categories.length === 0) return [];
  let keys = [''];
  for (const category of categories) {
    keys = keys.flatMap((prefix) =>
      category.options.map((option) =>
        prefix === ''
          ? `${category.code}=${option.code}`
          : `${prefix};${category.code}=${option.code}`,
      ),
    );
  }
  return keys;
}

/** The option codes of a canonical key, by category. */
export function parseDisaggregationKey(key: string): Map<string, string> {
  const options = new Map<string, string>();
  if (key === TOTAL) return options;
  for (const part of key.split(';')) {
    const [category, option] = part.split('=');
    if (category !== undefined && option !== undefined) options.set(category, option);
  }
  return options;
}

/** "Urban" / "城镇", "Urban, state-owned" for a key; the total's label for ''. */
export function disaggregationLabel(
  key: string,
  categories: readonly CategoryModel[],
  language: 'en' | 'zh',
): string {
  if (key === TOTAL) return language === 'zh' ? '合计' : 'Total';
  const options = parseDisaggregationKey(key);
  return categories
    .map((category) => {
      const option = category.options.find((o) => o.code === options.get(category.code));
      if (!option) return `${category.code}=${options.get(category.code) ?? '?'}`;
      return language === 'zh' ? option.nameZh : option.nameEn;
    })
    .join(language === 'zh' ? '，' : ', ');
}
