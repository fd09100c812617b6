/**
 * The release calendar: when each data set's period comes out (scheduled)
 * and when it came out (released), with how many figures were published.
 * Approved figures stay unpublished until their release day.
 */
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/useApi';
import { formatNumber } from '../../format/quantity';
import { formatPeriod } from '../../format/periodLabel';
import { useLang } from '../../useLang';
import { formatDay, OpenError, OpenLoading, Section, usePageTitle } from './bits';
import { publicApi, type Release, type ReleaseList } from './publicApi';

function ReleaseTable({
  releases,
  caption,
  released,
  testId,
}: {
  releases: readonly Release[];
  caption: string;
  released: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="open-table-wrap">
      <table className="open-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('open.releases.releaseOn')}</th>
            <th scope="col">{t('open.releases.dataSet')}</th>
            <th scope="col">{t('common.period')}</th>
            {released && <th scope="col">{t('open.releases.releasedAt')}</th>}
            {released && (
              <th scope="col" className="open-num">
                {t('open.releases.values')}
              </th>
            )}
            <th scope="col">{t('open.releases.note')}</th>
          </tr>
        </thead>
        <tbody>
          {releases.map((release) => (
            <tr
              key={release.id}
              data-testid={`open-release-${release.dataSet.code}-${release.period}`}
            >
              <th scope="row">{formatDay(release.releaseOn, lang)}</th>
              <td>
                {lang === 'en' ? release.dataSet.nameEn : release.dataSet.nameZh}{' '}
                <span className="open-muted open-small">
                  (<code>{release.dataSet.code}</code>)
                </span>
              </td>
              <td>{formatPeriod(release.period, t)}</td>
              {released && <td>{formatDay(release.releasedAt, lang)}</td>}
              {released && (
                <td className="open-num">{formatNumber(release.valuesPublished, lang, 0)}</td>
              )}
              <td>{release.note ?? t('common.notAvailable')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function OpenReleasesPage() {
  const { t } = useTranslation();
  usePageTitle(t('open.releases.title'));
  const list = useApi<ReleaseList>(publicApi.releases());
  const releases = list.data?.releases ?? [];
  const upcoming = releases.filter((release) => release.status === 'scheduled');
  // Most recent first: what a reader looks for is what just came out.
  const past = releases.filter((release) => release.status === 'released').reverse();

  return (
    <div data-testid="open-releases">
      <h1 className="open-title">{t('open.releases.title')}</h1>
      <p className="open-lead">{t('open.releases.lead')}</p>
      {list.error ? <OpenError error={list.error} onRetry={list.reload} /> : null}
      {list.loading && <OpenLoading />}
      {list.data && (
        <>
          <Section title={t('open.releases.upcoming')} testId="open-releases-upcoming">
            {upcoming.length === 0 ? (
              <p className="open-muted">{t('open.releases.noneUpcoming')}</p>
            ) : (
              <ReleaseTable
                releases={upcoming}
                caption={t('open.releases.upcomingCaption')}
                released={false}
                testId="open-upcoming-table"
              />
            )}
          </Section>
          <Section title={t('open.releases.past')} testId="open-releases-past">
            {past.length === 0 ? (
              <p className="open-muted">{t('open.releases.nonePast')}</p>
            ) : (
              <ReleaseTable
                releases={past}
                caption={t('open.releases.pastCaption')}
                released
                testId="open-past-table"
              />
            )}
          </Section>
        </>
      )}
    </div>
  );
}
