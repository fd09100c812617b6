/**
 * One indicator for the public: definition, targets with progress and its
 * explanation, the national series as a chart and as a table (with sources
 * and revision notes), a map of the provinces for a chosen period with the
 * same figures as a table, sources and downloads. "As published on" reads
 * the figures of an earlier vintage (asOf) and says which one is shown.
 */
import { Button, Input } from 'antd';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/useApi';
import { EChart } from '../../components/EChart';
import { ProgressStatusTag } from '../../components/ProgressStatusTag';
import { ProvinceChoropleth, type ProvinceValue } from '../../components/ProvinceChoropleth';
import { finalityKey, statusOfItem } from '../../components/progressStatus';
import { buildSeriesOption } from '../../components/seriesChart';
import { formatShare, translateNote } from '../../format/explain';
import { comparePeriods } from '../../format/period';
import { formatPeriod } from '../../format/periodLabel';
import { unitLabel } from '../../format/quantity';
import { chinaProvinces, provinceName } from '../../maps/china-provinces';
import { useLang } from '../../useLang';
import {
  formatAsOf,
  formatDay,
  indicatorName,
  OpenError,
  OpenLoading,
  OtherName,
  planItemHref,
  quantityOf,
  Section,
  usePageTitle,
} from './bits';
import {
  DOWNLOAD_FORMATS,
  indicatorDownloads,
  withVintage,
  type JsonLdCatalogue,
} from './downloads';
import {
  openDataLinks,
  publicApi,
  revisionOf,
  type DataValue,
  type PublicIndicatorDetail,
  type TargetProgressView,
} from './publicApi';
import { useAllValues } from './useAllValues';

const PROVINCE_CODES: ReadonlySet<string> = new Set(
  chinaProvinces.features.map((feature) => feature.properties.code),
);
const NATION = 'CN';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** What ?asOf= may hold: a day from the form, or a moment (a link to an exact vintage). */
const AS_OF = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function sortValues(values: readonly DataValue[]): DataValue[] {
  return [...values].sort(
    (a, b) => comparePeriods(a.period, b.period) || a.basis.localeCompare(b.basis),
  );
}

/** The "as published on" form: a day, applied to the URL (?asOf=), or back to the latest figures. */
function VintageForm({
  asOf,
  onChange,
}: {
  asOf: string | null;
  onChange: (day: string | null) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [day, setDay] = useState(asOf?.slice(0, 10) ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(ISO_DAY.test(day) ? day : null);
  };
  return (
    <form className="open-vintage" onSubmit={submit} data-testid="open-vintage">
      <div className="open-vintage-fields">
        <label htmlFor="open-as-of" className="open-label">
          {t('open.vintage.label')}
        </label>
        <Input
          id="open-as-of"
          type="date"
          value={day}
          max="9999-12-31"
          onChange={(event) => setDay(event.target.value)}
          aria-describedby="open-vintage-hint"
          className="open-date-input"
          data-testid="open-as-of"
        />
        <Button htmlType="submit" type="primary" data-testid="open-as-of-apply">
          {t('open.vintage.apply')}
        </Button>
        {asOf && (
          <Button
            onClick={() => {
              setDay('');
              onChange(null);
            }}
            data-testid="open-as-of-latest"
          >
            {t('open.vintage.latest')}
          </Button>
        )}
      </div>
      <p id="open-vintage-hint" className="open-muted open-small">
        {t('open.vintage.hint')}
      </p>
      <p role="status" className="open-vintage-status" data-testid="open-vintage-status">
        {asOf
          ? t('open.vintage.showingAsOf', { date: formatAsOf(asOf, lang) })
          : t('open.vintage.showingLatest')}
      </p>
    </form>
  );
}

function TargetProgress({
  item,
  detail,
}: {
  item: TargetProgressView;
  detail: PublicIndicatorDetail;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = quantityOf(detail, lang);
  const { target, assessment, milestone } = item;
  const numeric = target.kind === 'numeric' && target.value !== null;
  const goal = numeric
    ? t(`target.comparator.${target.comparator ?? 'at_least'}`, {
        value: fmt(target.value ?? 0),
        defaultValue: fmt(target.value ?? 0),
      })
    : ((lang === 'en' ? target.milestoneEn : target.milestoneZh) ?? target.sentence);
  const latest = assessment?.inputs.latest ?? null;
  const notes = [...(assessment?.notes ?? []), ...(milestone?.notes ?? [])].map(
    (note) => translateNote(note, t, fmt).text,
  );
  return (
    <li className="open-target" data-testid={`open-progress-${target.year}`}>
      <h3 className="open-target-title">
        {t('open.indicator.targetTitle', { year: target.year, target: goal })}
      </h3>
      <p className="open-target-status">
        <ProgressStatusTag status={statusOfItem(item)} testId={`open-status-${target.year}`} />{' '}
        <span className="open-small">{t(finalityKey(item))}</span>
      </p>
      {latest && numeric && (
        <p data-testid={`open-explain-${target.year}`}>
          {t('open.indicator.explainLatest', {
            value: fmt(latest.value),
            period: formatPeriod(latest.period, t),
            target: fmt(target.value ?? 0),
            year: target.year,
          })}
          {assessment?.shareAttained != null &&
            ` ${t('open.indicator.explainShare', { share: formatShare(assessment.shareAttained, lang) })}`}
        </p>
      )}
      {assessment && (
        <p className="open-small">
          {t('open.indicator.method', {
            method: t(`progress.methods.${assessment.method}`, { defaultValue: assessment.method }),
          })}
        </p>
      )}
      {!assessment && !milestone && <p className="open-small">{t('open.indicator.notAssessed')}</p>}
      {notes.length > 0 && (
        <ul className="open-plain-list open-small">
          {notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
      <p className="open-sentence open-small">
        {t('open.indicator.planSays')}
        {t('common.colon')}
        <q lang="en">{target.sentence}</q>
      </p>
    </li>
  );
}

function ValuesTable({
  values,
  detail,
  caption,
  testId,
  byProvince = false,
}: {
  values: readonly DataValue[];
  detail: PublicIndicatorDetail;
  caption: string;
  testId: string;
  byProvince?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = quantityOf(detail, lang, 4);
  const sources = new Map(detail.sources.map((source) => [source.key, source]));
  const revised = values.some((value) => revisionOf(value) !== null);
  return (
    <div className="open-table-wrap">
      <table className="open-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{byProvince ? t('open.indicator.province') : t('common.period')}</th>
            <th scope="col" className="open-num">
              {t('common.value')}
            </th>
            {!byProvince && <th scope="col">{t('open.indicator.basis')}</th>}
            <th scope="col">{t('common.source')}</th>
            {revised && <th scope="col">{t('open.indicator.revision')}</th>}
          </tr>
        </thead>
        <tbody>
          {values.map((value) => {
            const source = value.sourceKey ? sources.get(value.sourceKey) : undefined;
            const revision = revisionOf(value);
            return (
              <tr key={`${value.orgUnitCode}|${value.period}|${value.basis}`}>
                <th scope="row">
                  {byProvince
                    ? provinceName(value.orgUnitCode, lang)
                    : formatPeriod(value.period, t)}
                </th>
                <td className="open-num" data-testid="open-value">
                  {fmt(value.value)}
                </td>
                {!byProvince && (
                  <td className="open-nowrap">{value.basis || t('open.indicator.reported')}</td>
                )}
                <td>
                  {source ? (
                    <>
                      <span lang="en">{source.title}</span>
                      {source.whereFound && (
                        <span className="open-muted open-small open-break">
                          {' '}
                          · {source.whereFound}
                        </span>
                      )}
                    </>
                  ) : value.sourceKey ? (
                    value.sourceKey
                  ) : (
                    <span className="open-muted">{t('open.indicator.reportedSource')}</span>
                  )}
                </td>
                {revised && (
                  <td data-testid={revision ? 'open-revision' : undefined}>
                    {revision
                      ? t('open.indicator.revisedOn', {
                          date: revision.at
                            ? formatDay(revision.at, lang)
                            : t('common.notAvailable'),
                          note: revision.note,
                        })
                      : t('common.notAvailable')}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ProvinceMap({
  detail,
  values,
  asOf,
}: {
  detail: PublicIndicatorDetail;
  values: readonly DataValue[];
  asOf: string | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const provincial = values.filter((value) => PROVINCE_CODES.has(value.orgUnitCode));
  const periods = [...new Set(provincial.map((value) => value.period))].sort(comparePeriods);
  const [chosen, setChosen] = useState<string | null>(null);
  const period = chosen !== null && periods.includes(chosen) ? chosen : (periods.at(-1) ?? null);
  const fmt = useMemo(() => quantityOf(detail, lang), [detail, lang]);

  if (period === null)
    return (
      <p className="open-muted" data-testid="open-map-empty">
        {asOf ? t('open.indicator.noProvincesAsOf') : t('open.indicator.noProvinces')}
      </p>
    );

  const inPeriod = provincial
    .filter((value) => value.period === period)
    .sort((a, b) => b.value - a.value);
  const mapValues: ProvinceValue[] = inPeriod.map((value) => ({
    code: value.orgUnitCode,
    value: value.value,
  }));
  const periodLabel = formatPeriod(period, t);
  const title = t('open.indicator.mapTitle', {
    indicator: indicatorName(detail, lang),
    period: periodLabel,
  });
  return (
    <div data-testid="open-map">
      <div className="open-filter">
        <label htmlFor="open-map-period" className="open-label">
          {t('open.indicator.mapPeriod')}
        </label>
        <select
          id="open-map-period"
          className="open-select"
          value={period}
          onChange={(event) => setChosen(event.target.value)}
          data-testid="open-map-period"
        >
          {periods.map((p) => (
            <option key={p} value={p}>
              {formatPeriod(p, t)}
            </option>
          ))}
        </select>
      </div>
      <ProvinceChoropleth
        values={mapValues}
        title={title}
        unitLabel=""
        formatValue={fmt}
        mode="continuous"
        height={420}
      />
      <p className="open-small">{t('open.indicator.mapTableHint')}</p>
      <ValuesTable
        values={inPeriod}
        detail={detail}
        caption={t('open.indicator.mapTableCaption', { period: periodLabel })}
        testId="open-province-table"
        byProvince
      />
    </div>
  );
}

function Downloads({ code, asOf }: { code: string; asOf: string | null }) {
  const { t } = useTranslation();
  const catalogue = useApi<JsonLdCatalogue>(openDataLinks.catalogJsonLd);
  if (catalogue.error) return <OpenError error={catalogue.error} onRetry={catalogue.reload} />;
  if (!catalogue.data) return <OpenLoading />;
  const downloads = indicatorDownloads(catalogue.data, code).map((d) => withVintage(d, asOf));
  return (
    <>
      {downloads.length === 0 ? (
        <p className="open-muted">{t('open.downloads.none')}</p>
      ) : (
        <ul className="open-downloads" data-testid="open-downloads">
          {downloads.map((download) => (
            <li key={download.format}>
              <a
                href={download.url}
                download
                data-testid={`open-download-${download.format}`}
                data-format={download.format}
              >
                {t(`open.downloads.formats.${download.format}`)}
              </a>{' '}
              <span className="open-muted open-small">
                {t(`open.downloads.about.${download.format}`)}
                {download.mediaType ? ` (${download.mediaType})` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {downloads.length > 0 && downloads.length < DOWNLOAD_FORMATS.length && (
        <p className="open-small">{t('open.downloads.onlySdmx')}</p>
      )}
      {asOf && <p className="open-small">{t('open.downloads.vintage')}</p>}
      <p className="open-small">
        <Link to="/open/data">{t('open.downloads.more')}</Link>
      </p>
    </>
  );
}

export default function OpenIndicatorPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { code = '' } = useParams<{ code: string }>();
  const [params, setParams] = useSearchParams();
  const asOfParam = params.get('asOf');
  const asOf = asOfParam && AS_OF.test(asOfParam) ? asOfParam : null;
  const detail = useApi<PublicIndicatorDetail>(publicApi.indicator(code));
  const data = detail.data;
  // Values only once the indicator is known: an unknown code gives one 404, not two.
  const all = useAllValues(data ? code : null, asOf);
  usePageTitle(
    data ? indicatorName(data, lang) : detail.error ? t('open.indicator.missing', { code }) : null,
  );

  // The national series: the detail's published figures, or those published by the chosen day.
  const national = useMemo(() => {
    if (!asOf) return data ? sortValues(data.values) : undefined;
    return all.values
      ? sortValues(all.values.filter((value) => value.orgUnitCode === NATION))
      : undefined;
  }, [asOf, data, all.values]);

  const option = useMemo(
    () =>
      data && national
        ? buildSeriesOption({
            unit: data.unit,
            unitMult: data.unitMult,
            values: national,
            targets: data.targets.filter((target) => target.orgUnitCode === NATION),
            lang,
            t,
          })
        : null,
    [data, national, lang, t],
  );

  const setAsOf = (day: string | null) => {
    const next = new URLSearchParams(params);
    if (day) next.set('asOf', day);
    else next.delete('asOf');
    setParams(next);
  };

  if (detail.error)
    return (
      <div data-testid="open-indicator">
        <h1 className="open-title">{t('open.indicator.missing', { code })}</h1>
        <OpenError error={detail.error} onRetry={detail.reload} />
      </div>
    );
  if (!data) return <OpenLoading />;

  const unit = unitLabel(data.unit, data.unitMult, lang);
  const name = indicatorName(data, lang);

  return (
    <div data-testid="open-indicator">
      <p className="open-breadcrumb">
        <Link to="/open/indicators">{t('open.indicators.title')}</Link>
      </p>
      <h1 className="open-title" data-testid="open-indicator-name">
        {name}
      </h1>
      <p className="open-meta">
        <OtherName indicator={data} lang={lang} /> · <code>{data.code}</code>
      </p>

      <VintageForm key={asOf ?? ''} asOf={asOf} onChange={setAsOf} />

      <Section title={t('open.indicator.about')} testId="open-definition">
        <dl className="open-dl">
          <dt>{t('indicator.definition')}</dt>
          <dd>{lang === 'en' ? data.definitionEn : data.definitionZh}</dd>
          <dt>{t('indicator.unit')}</dt>
          <dd data-testid="open-unit">{unit || t('indicator.unitNone')}</dd>
          <dt>{t('indicator.direction')}</dt>
          <dd>{t(`indicator.directions.${data.direction}`)}</dd>
          {data.source && (
            <>
              <dt>{t('indicator.dataSource')}</dt>
              <dd lang="en">{data.source}</dd>
            </>
          )}
          <dt>{t('indicator.planNodes')}</dt>
          <dd>
            {data.planNodes.length === 0 ? (
              t('common.none')
            ) : (
              <ul className="open-plain-list">
                {data.planNodes.map((node) => (
                  <li key={`${node.planCode}-${node.path}`}>
                    <Link to={planItemHref(node.planCode, node.path)}>
                      {node.path} <span lang="en">{node.title}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </Section>

      <Section title={t('open.indicator.progress')} testId="open-progress">
        {data.progress.length === 0 ? (
          <p className="open-muted">{t('indicator.noTargets')}</p>
        ) : (
          <ul className="open-targets">
            {[...data.progress]
              .sort((a, b) => a.target.year - b.target.year)
              .map((item) => (
                <TargetProgress key={item.target.id} item={item} detail={data} />
              ))}
          </ul>
        )}
        {asOf && <p className="open-small">{t('open.indicator.progressLatest')}</p>}
      </Section>

      <Section title={t('open.indicator.series')} testId="open-series">
        {all.error && asOf ? <OpenError error={all.error} /> : null}
        {!national || !option ? (
          <OpenLoading />
        ) : national.length === 0 ? (
          <p className="open-muted" data-testid="open-no-values">
            {asOf ? t('open.indicator.noValuesAsOf') : t('indicator.noValues')}
          </p>
        ) : (
          <>
            <EChart
              option={option}
              height={340}
              label={t('open.indicator.chartLabel', { indicator: name, unit })}
              testId="open-chart"
            />
            <p className="open-small">{t('open.indicator.chartHint')}</p>
            <ValuesTable
              values={national}
              detail={data}
              caption={t('open.indicator.tableCaption', { indicator: name, unit })}
              testId="open-values"
            />
          </>
        )}
      </Section>

      <Section title={t('open.indicator.provinces')} testId="open-provinces">
        {all.error ? <OpenError error={all.error} /> : null}
        {all.values ? (
          <ProvinceMap detail={data} values={all.values} asOf={asOf} />
        ) : (
          !all.error && <OpenLoading />
        )}
        {all.truncated && <p className="open-small">{t('open.indicator.truncated')}</p>}
      </Section>

      <Section title={t('indicator.sources')} testId="open-sources">
        {data.sources.length === 0 ? (
          <p className="open-muted">{t('common.none')}</p>
        ) : (
          <ul className="open-plain-list">
            {data.sources.map((source) => (
              <li key={source.key}>
                <code>{source.key}</code> <span lang="en">{source.title}</span>
                {source.whereFound && (
                  <span className="open-muted open-break"> · {source.whereFound}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t('open.downloads.title')} testId="open-downloads-section">
        <Downloads code={data.code} asOf={asOf} />
      </Section>
    </div>
  );
}
