import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ForecastView, TargetProgressView } from '../api/client';
import { formatProbability, formatShare } from '../format/explain';
import { formatQuantity } from '../format/quantity';
import { useLang } from '../useLang';

/**
 * A forecast in words: "Trend to 2025: 62.65 trillion yuan (80% interval
 * 56.13–69.94 trillion yuan, 95% 51.73–75.89); 20% chance of reaching at
 * least 67 trillion yuan." Compact: the projection and the chance only.
 */
export function ForecastSummary({
  forecast,
  indicator,
  compact = false,
  testId,
}: {
  forecast: ForecastView;
  indicator: Pick<TargetProgressView['indicator'], 'unit' | 'unitMult'>;
  compact?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = (v: number) => formatQuantity(v, indicator.unit, indicator.unitMult, lang);
  if (forecast.projected === null)
    return (
      <Typography.Text type="secondary" className="pw-forecast-summary" data-testid={testId}>
        {t('forecast.none')}
      </Typography.Text>
    );
  const year = forecast.targetYear;
  const target = t(`target.comparator.${forecast.comparator}`, {
    value: fmt(forecast.targetValue),
    defaultValue: fmt(forecast.targetValue),
  });
  const chance =
    forecast.probability === null
      ? null
      : t('forecast.chanceOf', {
          percent: formatProbability(forecast.probability, lang),
          target,
          year,
        });
  if (compact)
    return (
      <div className="pw-forecast-summary pw-small" data-testid={testId}>
        {t('forecast.short', { year, value: fmt(forecast.projected) })}
        {chance && ` · ${chance}`}
      </div>
    );
  const i80 = forecast.intervals.find((i) => i.level === 0.8);
  const i95 = forecast.intervals.find((i) => i.level === 0.95);
  return (
    <div className="pw-forecast-summary" data-testid={testId}>
      <div>
        <b>{t('forecast.short', { year, value: fmt(forecast.projected) })}</b>
        {forecast.fit &&
          ` ${t('forecast.trendNote', {
            growth: formatShare(forecast.fit.annualGrowth, lang, 1),
            n: forecast.fit.n,
          })}`}
      </div>
      {(i80 || i95) && (
        <div className="pw-small">
          {[
            i80 &&
              t('forecast.intervalValue', {
                level: 80,
                lower: fmt(i80.lower),
                upper: fmt(i80.upper),
              }),
            i95 &&
              t('forecast.intervalValue', {
                level: 95,
                lower: fmt(i95.lower),
                upper: fmt(i95.upper),
              }),
          ]
            .filter(Boolean)
            .join(t('explain.listSeparator'))}
        </div>
      )}
      {chance && (
        <div className="pw-forecast-chance" data-testid={testId ? `${testId}-chance` : undefined}>
          {chance}
        </div>
      )}
    </div>
  );
}
