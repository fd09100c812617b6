import type { TFunction } from 'i18next';
import { parsePeriod } from './period';

/** "2016S1" -> "2016 H1" / "2016 上半年"; unknown codes are shown as they are. */
export function formatPeriod(period: string, t: TFunction): string {
  const p = parsePeriod(period);
  if (!p) return period;
  switch (p.type) {
    case 'year':
      return t('period.year', { year: p.year });
    case 'half_year':
      return t(`period.half.${p.part === 1 ? '1' : '2'}`, { year: p.year });
    case 'quarter':
      return t('period.quarter', { year: p.year, q: p.part });
    case 'month':
      return t('period.month', { year: p.year, m: String(p.part).padStart(2, '0') });
  }
}
