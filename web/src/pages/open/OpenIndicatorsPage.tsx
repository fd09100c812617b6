/**
 * Every indicator with its unit, latest published national figure and
 * targets, filtered by words (code, names, definition, in either language).
 */
import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/useApi';
import { formatPeriod } from '../../format/periodLabel';
import { unitLabel } from '../../format/quantity';
import { useLang } from '../../useLang';
import { indicatorName, OpenError, OpenLoading, OtherName, quantityOf, usePageTitle } from './bits';
import { publicApi, type Indicator, type PublicIndicatorList } from './publicApi';

function matches(indicator: Indicator, words: readonly string[]): boolean {
  const text = [
    indicator.code,
    indicator.nameEn,
    indicator.nameZh,
    indicator.definitionEn,
    indicator.definitionZh,
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => text.includes(word));
}

export default function OpenIndicatorsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('open.indicators.title'));
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const list = useApi<PublicIndicatorList>(publicApi.indicators());

  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const items = (list.data?.items ?? []).filter((indicator) => matches(indicator, words));

  const setFilter = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    setParams(next, { replace: true });
  };

  return (
    <div data-testid="open-indicators">
      <h1 className="open-title">{t('open.indicators.title')}</h1>
      <p className="open-lead">{t('open.indicators.lead')}</p>
      <div className="open-filter">
        <label htmlFor="open-indicator-filter" className="open-label">
          {t('open.indicators.filter')}
        </label>
        <Input
          id="open-indicator-filter"
          type="search"
          value={filter}
          allowClear
          onChange={(event) => setFilter(event.target.value)}
          placeholder={t('open.indicators.filterPlaceholder')}
          className="open-filter-input"
          data-testid="open-indicator-filter"
        />
      </div>
      {list.error ? <OpenError error={list.error} onRetry={list.reload} /> : null}
      {list.loading && <OpenLoading />}
      {list.data && (
        <>
          <p role="status" className="open-meta" data-testid="open-indicator-count">
            {t('open.indicators.count', { count: items.length, total: list.data.total })}
          </p>
          <div className="open-table-wrap">
            <table className="open-table">
              <caption>{t('open.indicators.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.indicator')}</th>
                  <th scope="col">{t('indicators.code')}</th>
                  <th scope="col">{t('common.unit')}</th>
                  <th scope="col" className="open-num">
                    {t('open.indicators.latest')}
                  </th>
                  <th scope="col">{t('target.targets')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((indicator) => {
                  const fmt = quantityOf(indicator, lang);
                  const targets = indicator.targets
                    .filter((target) => target.orgUnitCode === 'CN')
                    .sort((a, b) => a.year - b.year);
                  return (
                    <tr key={indicator.code} data-testid={`open-indicator-${indicator.code}`}>
                      <th scope="row">
                        <Link to={`/open/indicators/${encodeURIComponent(indicator.code)}`}>
                          {indicatorName(indicator, lang)}
                        </Link>
                        <div className="open-muted open-small">
                          <OtherName indicator={indicator} lang={lang} />
                        </div>
                      </th>
                      <td>
                        <code className="open-small">{indicator.code}</code>
                      </td>
                      <td className="open-nowrap">
                        {unitLabel(indicator.unit, indicator.unitMult, lang) ||
                          t('common.notAvailable')}
                      </td>
                      <td className="open-num">
                        {indicator.latest ? (
                          <>
                            {fmt(indicator.latest.value)}{' '}
                            <span className="open-muted">
                              ({formatPeriod(indicator.latest.period, t)})
                            </span>
                          </>
                        ) : (
                          <span className="open-muted">{t('open.home.noFigure')}</span>
                        )}
                      </td>
                      <td>
                        {targets.length === 0 ? (
                          <span className="open-muted">{t('common.none')}</span>
                        ) : (
                          <ul className="open-plain-list">
                            {targets.map((target) => (
                              <li key={target.id} className="open-nowrap">
                                {t('open.indicators.targetLine', {
                                  year: target.year,
                                  target:
                                    target.kind === 'numeric' && target.value !== null
                                      ? t(`target.comparator.${target.comparator ?? 'at_least'}`, {
                                          value: fmt(target.value),
                                          defaultValue: fmt(target.value),
                                        })
                                      : t('open.indicators.qualitative'),
                                })}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {items.length === 0 && (
            <p className="open-muted" data-testid="open-indicators-empty">
              {t('open.indicators.none')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
