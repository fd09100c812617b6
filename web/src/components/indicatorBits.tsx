import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DataValue, Indicator, Target } from '../../../src/api/contract';
import { formatPeriod } from '../format/periodLabel';
import { attainmentPercent, valueForYear } from '../format/progress';
import { formatNumber, formatQuantity, type Lang } from '../format/quantity';
import { useLang } from '../useLang';

type Unit = Pick<Indicator, 'unit' | 'unitMult'>;

export function indicatorName(indicator: Pick<Indicator, 'nameEn' | 'nameZh'>, lang: Lang): string {
  return lang === 'en' ? indicator.nameEn : indicator.nameZh;
}

export function otherName(indicator: Pick<Indicator, 'nameEn' | 'nameZh'>, lang: Lang): string {
  return lang === 'en' ? indicator.nameZh : indicator.nameEn;
}

/** "5.8 万亿元 (2020)" */
export function LatestValue({ indicator, value }: { indicator: Unit; value: DataValue | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!value) return <Typography.Text type="secondary">{t('overview.noLatest')}</Typography.Text>;
  return (
    <span className="pw-latest" data-testid="latest-value">
      <span className="pw-latest-value">
        {formatQuantity(value.value, indicator.unit, indicator.unitMult, lang)}
      </span>{' '}
      <span className="pw-latest-period">({formatPeriod(value.period, t)})</span>
    </span>
  );
}

/** "at least 6 trillion yuan" */
export function targetText(target: Target, indicator: Unit, lang: Lang, t: TFunction): string {
  if (target.kind === 'qualitative' || target.value === null) {
    return (lang === 'en' ? target.milestoneEn : target.milestoneZh) ?? target.sentence;
  }
  const value = formatQuantity(target.value, indicator.unit, indicator.unitMult, lang);
  const comparator = target.comparator ?? 'at_least';
  return t(`target.comparator.${comparator}`, { value, defaultValue: value });
}

export interface Attainment {
  target: Target;
  actual: DataValue;
  percent: number;
}

/** The attainment of a numeric target when a value for its year exists. */
export function attainmentOf(
  target: Target,
  values: readonly DataValue[],
  direction: Indicator['direction'],
  preferredBasis?: string | null,
): Attainment | null {
  if (target.kind !== 'numeric' || target.value === null) return null;
  const actual = valueForYear(values, target.year, preferredBasis);
  if (!actual) return null;
  const percent = attainmentPercent(actual.value, target.value, direction);
  return percent === null ? null : { target, actual, percent };
}

/** "97.9% of target" badge with "2020 actual 37.21 trillion yuan vs target 38 trillion yuan" beside it. */
export function AttainmentBadge({
  attainment,
  indicator,
}: {
  attainment: Attainment;
  indicator: Unit;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = (v: number) => formatQuantity(v, indicator.unit, indicator.unitMult, lang);
  const reached = attainment.percent >= 100;
  return (
    <span className="pw-attainment" data-testid="attainment">
      <Tag
        color={reached ? 'success' : attainment.percent >= 90 ? 'warning' : 'error'}
        className="pw-attainment-tag"
      >
        {t('target.attainment', { percent: formatNumber(attainment.percent, lang, 1) })}
      </Tag>
      <Typography.Text type="secondary" className="pw-attainment-detail">
        {t('target.attainmentDetail', {
          period: formatPeriod(attainment.actual.period, t),
          actual: fmt(attainment.actual.value),
          target: fmt(attainment.target.value ?? 0),
        })}
      </Typography.Text>
    </span>
  );
}

export function formatDate(iso: string | null, lang: Lang): string | null {
  if (!iso) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
