/**
 * The portal's front page: every target of the Outline with its status,
 * the latest published national figure against the target (with units),
 * by target year, and the next scheduled releases.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useApiAll, useApi } from '../../api/useApi';
import { ProgressStatusTag } from '../../components/ProgressStatusTag';
import { countsOf, statusOfItem } from '../../components/progressStatus';
import { formatShare } from '../../format/explain';
import { formatPeriod } from '../../format/periodLabel';
import { useLang } from '../../useLang';
import {
  formatDay,
  indicatorName,
  OpenError,
  OpenLoading,
  quantityOf,
  Section,
  usePageTitle,
} from './bits';
import {
  OUTLINE_PLAN,
  publicApi,
  type PlanProgressView,
  type PublicIndicatorList,
  type ReleaseList,
  type TargetProgressView,
} from './publicApi';

function TargetRow({
  item,
  latest,
}: {
  item: TargetProgressView;
  latest: { value: number; period: string } | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { target, indicator } = item;
  const fmt = quantityOf(indicator, lang);
  const numeric = target.kind === 'numeric' && target.value !== null;
  const targetWords = numeric
    ? t(`target.comparator.${target.comparator ?? 'at_least'}`, {
        value: fmt(target.value ?? 0),
        defaultValue: fmt(target.value ?? 0),
      })
    : ((lang === 'en' ? target.milestoneEn : target.milestoneZh) ?? target.sentence);
  const share = item.assessment?.shareAttained ?? null;
  return (
    <tr data-testid={`open-target-${indicator.code}-${target.year}`}>
      <th scope="row">
        <Link to={`/open/indicators/${encodeURIComponent(indicator.code)}`}>
          {indicatorName(indicator, lang)}
        </Link>
      </th>
      <td>{targetWords}</td>
      <td className="open-num">
        {latest ? (
          <>
            {fmt(latest.value)}{' '}
            <span className="open-muted">({formatPeriod(latest.period, t)})</span>
          </>
        ) : (
          <span className="open-muted">{t('open.home.noFigure')}</span>
        )}
      </td>
      <td className="open-num">
        {numeric && share !== null ? formatShare(share, lang) : t('common.notAvailable')}
      </td>
      <td>
        <ProgressStatusTag status={statusOfItem(item)} testId="open-status" />
      </td>
    </tr>
  );
}

function YearTargets({
  year,
  items,
  progress,
  latestByCode,
}: {
  year: number;
  items: TargetProgressView[];
  progress: PlanProgressView;
  latestByCode: Map<string, { value: number; period: string }>;
}) {
  const { t } = useTranslation();
  const counts = countsOf(progress.counts, year);
  // Quantified targets first: they have figures to compare; then the plan's qualitative goals.
  const sorted = [...items].sort(
    (a, b) =>
      Number(a.target.kind !== 'numeric') - Number(b.target.kind !== 'numeric') ||
      a.indicator.code.localeCompare(b.indicator.code),
  );
  return (
    <Section title={t('open.home.yearTitle', { year })} testId={`open-year-${year}`}>
      <p className="open-counts">
        {counts
          .map(({ status, count }) =>
            t('open.home.count', { count, status: t(`progress.status.${status}`) }),
          )
          .join(t('open.listSeparator'))}
      </p>
      <div className="open-table-wrap">
        <table className="open-table">
          <caption>{t('open.home.tableCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.indicator')}</th>
              <th scope="col">{t('target.target')}</th>
              <th scope="col" className="open-num">
                {t('open.home.latest')}
              </th>
              <th scope="col" className="open-num">
                {t('open.home.share')}
              </th>
              <th scope="col">{t('open.home.status')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((item) => {
              const assessed = item.assessment?.inputs.latest ?? null;
              return (
                <TargetRow
                  key={item.target.id}
                  item={item}
                  latest={assessed ?? latestByCode.get(item.indicator.code) ?? null}
                />
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

export default function OpenHomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('open.home.pageTitle'));
  const progress = useApi<PlanProgressView>(publicApi.progress(OUTLINE_PLAN));
  const lists = useApiAll<unknown>([publicApi.indicators(OUTLINE_PLAN), publicApi.releases()]);
  const [indicatorList, releaseList] = (lists.data ?? []) as [
    PublicIndicatorList | undefined,
    ReleaseList | undefined,
  ];

  const latestByCode = useMemo(
    () =>
      new Map(
        (indicatorList?.items ?? []).flatMap((indicator) =>
          indicator.latest
            ? [[indicator.code, { value: indicator.latest.value, period: indicator.latest.period }]]
            : [],
        ),
      ),
    [indicatorList],
  );

  const upcoming = (releaseList?.releases ?? [])
    .filter((release) => release.status === 'scheduled')
    .slice(0, 3);

  const data = progress.data;
  const years = data
    ? [...new Set(data.items.map((item) => item.target.year))].sort((a, b) => a - b)
    : [];

  return (
    <div data-testid="open-home">
      <h1 className="open-title">{t('open.home.title')}</h1>
      <p className="open-lead">{t('open.home.lead')}</p>
      {progress.error ? <OpenError error={progress.error} onRetry={progress.reload} /> : null}
      {!data && !progress.error ? <OpenLoading /> : null}
      {data && (
        <>
          <p className="open-meta" data-testid="open-home-meta">
            {t('open.home.meta', {
              date: formatDay(data.asOf, lang),
              method: t(`progress.methods.${data.method}`, { defaultValue: data.method }),
            })}
          </p>
          {years.map((year) => (
            <YearTargets
              key={year}
              year={year}
              items={data.items.filter((item) => item.target.year === year)}
              progress={data}
              latestByCode={latestByCode}
            />
          ))}
        </>
      )}
      <Section title={t('open.home.nextReleases')} testId="open-next-releases">
        {lists.error ? <OpenError error={lists.error} onRetry={lists.reload} /> : null}
        {releaseList && upcoming.length === 0 && (
          <p className="open-muted">{t('open.releases.noneUpcoming')}</p>
        )}
        {upcoming.length > 0 && (
          <ul className="open-list">
            {upcoming.map((release) => (
              <li key={release.id}>
                {t('open.home.releaseLine', {
                  date: formatDay(release.releaseOn, lang),
                  dataSet: lang === 'en' ? release.dataSet.nameEn : release.dataSet.nameZh,
                  period: formatPeriod(release.period, t),
                })}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/open/releases">{t('open.home.allReleases')}</Link>
        </p>
      </Section>
    </div>
  );
}
