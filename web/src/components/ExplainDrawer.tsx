/**
 * The explain view of a target's status: every input with where it comes
 * from, the formula, each computed step with its value, the ratio and the
 * band of the method's published table it fell in, the forecast, and the
 * notes; for a milestone, the latest evidence and the decision table. Enough
 * to redo the computation by hand.
 */
import { Alert, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  MILESTONE_RULES,
  PROGRESS_BANDS,
  PROGRESS_METHODS,
  type MilestoneRule,
  type ProgressBand,
  type ProgressMethod,
} from '../../../src/core/progress/assess';
import type { AssessmentView, ForecastView, TargetProgressView } from '../api/client';
import { formatDay } from '../format/dateTime';
import {
  bandLabel,
  formatProbability,
  formatRatio,
  formatShare,
  formatStepValue,
  stepMeaning,
  translateNote,
} from '../format/explain';
import { formatPeriod } from '../format/periodLabel';
import { formatNumber, formatQuantity, type Lang } from '../format/quantity';
import { useLang } from '../useLang';
import { indicatorName } from './indicatorBits';
import { ProgressStatusTag } from './ProgressStatusTag';
import { finalityKey, statusOfItem } from './progressStatus';

type Quantity = (v: number) => string;

const RATIO_SYMBOL: Record<ProgressMethod, string> = {
  unsd_cagr_ratio: 'CR',
  unsd_extrapolation: 'r',
  statcan: 'R',
};

export function asMethod(value: string | undefined): ProgressMethod {
  return (PROGRESS_METHODS as readonly string[]).includes(value ?? '')
    ? (value as ProgressMethod)
    : 'unsd_cagr_ratio';
}

/** "0.5 ≤ CR < 0.95", "CR ≥ 0.95", "CR < −0.1". */
export function bandRange(
  band: Pick<ProgressBand, 'from' | 'to'>,
  symbol: string,
  lang: Lang,
): string {
  const n = (v: number) => formatNumber(v, lang, 3).replace('-', '−');
  if (band.from !== null && band.to !== null) return `${n(band.from)} ≤ ${symbol} < ${n(band.to)}`;
  if (band.from !== null) return `${symbol} ≥ ${n(band.from)}`;
  if (band.to !== null) return `${symbol} < ${n(band.to)}`;
  return symbol;
}

function comparatorText(comparator: string, value: string, t: TFunction): string {
  return t(`target.comparator.${comparator}`, { value, defaultValue: value });
}

function periodWithTime(period: string, time: number, lang: Lang, t: TFunction): string {
  const label = formatPeriod(period, t);
  return String(time) === period ? label : `${label} (t = ${formatNumber(time, lang, 3)})`;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="pw-explain-section">
      <Typography.Title level={5} className="pw-explain-title">
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function Notes({ notes, quantity }: { notes: readonly string[]; quantity: Quantity }) {
  const { t } = useTranslation();
  if (notes.length === 0) return null;
  return (
    <Section title={t('explain.notesTitle')}>
      <ul className="pw-explain-notes" data-testid="explain-notes">
        {notes.map((note, i) => {
          const translated = translateNote(note, t, quantity);
          return (
            <li key={i} lang={translated.translated ? undefined : 'en'}>
              {translated.text}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** One sentence that says what the numbers below add up to. */
function summaryOf(a: AssessmentView, quantity: Quantity, lang: Lang, t: TFunction): string {
  const { base, latest, target } = a.inputs;
  const targetText = comparatorText(target.comparator, quantity(target.value), t);
  if (a.status === 'insufficient_data' || !latest) {
    return t(`explain.notes.reason.${a.reason ?? 'no_observation_by_target_year'}`);
  }
  const common = {
    latest: quantity(latest.value),
    period: formatPeriod(latest.period, t),
    target: targetText,
    year: target.year,
    share: a.shareAttained === null ? '—' : formatShare(a.shareAttained, lang),
    status: t(`progress.status.${a.status}`),
  };
  if (a.final) return t('explain.summary.final', common);
  if (a.status === 'achieved') return t('explain.summary.early', common);
  const method = asMethod(a.method);
  return t(`explain.summary.${method}`, {
    ...common,
    base: base ? quantity(base.value) : '—',
    basePeriod: base ? formatPeriod(base.period, t) : '—',
    symbol: RATIO_SYMBOL[method],
    ratio: a.ratio === null ? '—' : formatRatio(a.ratio, lang),
    band: a.band ? bandLabel(a.band.label, t) : '—',
  });
}

function milestoneSummary(item: TargetProgressView, lang: Lang, t: TFunction): string {
  const m = item.milestone;
  if (!m) return t('explain.nothing');
  const status = t(`progress.status.${m.status}`);
  const deadline = formatDay(m.inputs.deadline, lang);
  const latest = m.inputs.latest;
  if (!latest) return t('explain.milestone.summaryNone', { deadline, status });
  const rule = MILESTONE_RULES.find((r) => r.evidence === latest.status && r.timing === m.timing);
  return t('explain.milestone.summary', {
    evidence: t(`target.status.${latest.status}`),
    date: formatDay(latest.recordedAt, lang),
    deadline,
    status,
    rule: rule ? t(`explain.milestone.rules.${rule.evidence}_${rule.timing}`) : '',
  });
}

function NumericExplain({ item, a }: { item: TargetProgressView; a: AssessmentView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { unit, unitMult } = item.indicator;
  const quantity: Quantity = (v) =>
    formatQuantity(v, unit, unitMult, lang, { maximumFractionDigits: 4 });
  const method = asMethod(a.method);
  const symbol = RATIO_SYMBOL[method];
  const { base, latest, target } = a.inputs;

  const inputRows = [
    {
      key: 'base',
      symbol: 'x0, t0',
      meaning: t('explain.inputs.base'),
      value: base ? quantity(base.value) : t('common.notAvailable'),
      when: base ? periodWithTime(base.period, base.t, lang, t) : '',
      source: base ? (
        <Tag data-testid="base-source">{t(`explain.baseSource.${base.source}`)}</Tag>
      ) : null,
    },
    {
      key: 'latest',
      symbol: 'xt, t',
      meaning: t('explain.inputs.latest'),
      value: latest ? quantity(latest.value) : t('common.notAvailable'),
      when: latest ? periodWithTime(latest.period, latest.t, lang, t) : '',
      source: item.series ? (
        <Tag>{t('explain.fromSeries', { basis: item.series.basis || t('explain.noBasis') })}</Tag>
      ) : null,
    },
    {
      key: 'target',
      symbol: 'x*, T',
      meaning: t('explain.inputs.target'),
      value: comparatorText(target.comparator, quantity(target.value), t),
      when: String(target.year),
      source: <Tag>{t('explain.baseSource.target')}</Tag>,
    },
  ];
  const inputColumns: ColumnsType<(typeof inputRows)[number]> = [
    {
      title: t('explain.symbol'),
      dataIndex: 'symbol',
      width: 80,
      render: (s: string) => <code>{s}</code>,
    },
    { title: t('explain.meaning'), dataIndex: 'meaning' },
    { title: t('common.value'), dataIndex: 'value', render: (v: string) => <b>{v}</b> },
    { title: t('explain.when'), dataIndex: 'when' },
    { title: t('explain.source'), dataIndex: 'source' },
  ];

  const stepColumns: ColumnsType<AssessmentView['steps'][number]> = [
    {
      title: t('explain.symbol'),
      dataIndex: 'name',
      width: 110,
      render: (name: string) => <code>{name}</code>,
    },
    { title: t('explain.meaning'), key: 'meaning', render: (_, s) => stepMeaning(s.name, t) },
    {
      title: t('explain.formula'),
      dataIndex: 'formula',
      render: (f: string) => <code className="pw-formula-inline">{f}</code>,
    },
    {
      title: t('common.value'),
      key: 'value',
      align: 'right',
      render: (_, s) => (
        <b className="pw-num">{formatStepValue(s.name, s.value, lang, t, quantity)}</b>
      ),
    },
  ];

  const bands = PROGRESS_BANDS[method];
  const matches = (band: ProgressBand) =>
    a.band !== null &&
    band.from === a.band.from &&
    band.to === a.band.to &&
    band.label === a.band.label;
  const bandColumns: ColumnsType<ProgressBand> = [
    {
      title: t('explain.bandRange'),
      key: 'range',
      render: (_, band) => <code>{bandRange(band, symbol, lang)}</code>,
    },
    {
      title: t('explain.bandLabel'),
      key: 'label',
      render: (_, band) => bandLabel(band.label, t),
    },
    {
      title: t('explain.bandStatus'),
      key: 'status',
      render: (_, band) => <ProgressStatusTag status={band.status} testId="band-status" />,
    },
    {
      title: '',
      key: 'here',
      render: (_, band) =>
        matches(band) && a.ratio !== null ? (
          <b data-testid="band-here">
            ◀ {symbol} = {formatRatio(a.ratio, lang)}
          </b>
        ) : null,
    },
  ];

  const sign = a.inputs.appliedComparator === 'at_most' ? '≤' : '≥';

  return (
    <>
      <Section title={t('explain.inputsTitle')}>
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          columns={inputColumns}
          dataSource={inputRows}
          data-testid="explain-inputs"
        />
        <Descriptions
          size="small"
          column={1}
          className="pw-explain-desc"
          items={[
            {
              key: 'direction',
              label: t('indicator.direction'),
              children: t(`indicator.directions.${a.inputs.direction}`, {
                defaultValue: a.inputs.direction,
              }),
            },
            ...(a.inputs.appliedComparator !== target.comparator
              ? [
                  {
                    key: 'applied',
                    label: t('explain.appliedComparator'),
                    children: t(`explain.comparatorWord.${a.inputs.appliedComparator}`),
                  },
                ]
              : []),
            {
              key: 'method',
              label: t('explain.method'),
              children: t(`progress.methods.${method}`),
            },
          ]}
        />
        {item.series && item.series.points.length > 0 && (
          <div className="pw-explain-series" data-testid="explain-series">
            <Typography.Text type="secondary">
              {t('explain.seriesPoints', { basis: item.series.basis || t('explain.noBasis') })}
            </Typography.Text>
            <div className="pw-explain-points">
              {item.series.points.map((p) => (
                <span
                  key={p.period}
                  className={
                    p.period === latest?.period || p.period === base?.period
                      ? 'pw-explain-point pw-explain-point-used'
                      : 'pw-explain-point'
                  }
                >
                  {formatPeriod(p.period, t)}: {quantity(p.value)}
                </span>
              ))}
            </div>
          </div>
        )}
      </Section>

      <Section title={t('explain.formulaTitle')}>
        <Typography.Paragraph>
          {a.final
            ? t('explain.rule.final', { sign })
            : a.status === 'achieved'
              ? t('explain.rule.early', { sign })
              : t(`explain.rule.${method}`)}
        </Typography.Paragraph>
        <pre className="pw-formula" data-testid="explain-formula">
          {a.formula}
        </pre>
      </Section>

      {a.steps.length > 0 && (
        <Section title={t('explain.stepsTitle')}>
          <Table
            size="small"
            pagination={false}
            rowKey="name"
            columns={stepColumns}
            dataSource={a.steps}
            data-testid="explain-steps"
          />
        </Section>
      )}

      <Section title={t('explain.bandsTitle', { method: t(`progress.methods.${method}`) })}>
        {a.band === null && (
          <Typography.Paragraph type="secondary" data-testid="bands-unused">
            {a.final || a.status === 'achieved'
              ? t('explain.bandsNotUsedFinal')
              : t('explain.bandsNotUsed')}
          </Typography.Paragraph>
        )}
        <Table<ProgressBand>
          size="small"
          pagination={false}
          rowKey={(band) => `${band.from}-${band.to}-${band.label}`}
          columns={bandColumns}
          dataSource={[...bands]}
          rowClassName={(band) => (matches(band) ? 'pw-band-match' : '')}
          data-testid="explain-bands"
        />
      </Section>

      {item.forecast && (
        <ForecastExplain
          forecast={item.forecast}
          quantity={(v) => formatQuantity(v, unit, unitMult, lang)}
        />
      )}

      <Notes notes={a.notes} quantity={quantity} />
    </>
  );
}

function ForecastExplain({ forecast, quantity }: { forecast: ForecastView; quantity: Quantity }) {
  const { t } = useTranslation();
  const lang = useLang();
  const interval = (level: number) => forecast.intervals.find((i) => i.level === level);
  const i80 = interval(0.8);
  const i95 = interval(0.95);
  return (
    <Section title={t('forecast.title', { year: forecast.targetYear })}>
      {forecast.projected === null ? (
        <Typography.Paragraph type="secondary">{t('forecast.none')}</Typography.Paragraph>
      ) : (
        <Descriptions
          size="small"
          column={1}
          bordered
          data-testid="explain-forecast"
          styles={{ label: { width: 200 } }}
          items={[
            {
              key: 'projected',
              label: t('forecast.projected', { year: forecast.targetYear }),
              children: <b>{quantity(forecast.projected)}</b>,
            },
            ...(i80
              ? [
                  {
                    key: 'i80',
                    label: t('forecast.interval', { level: 80 }),
                    children: `${quantity(i80.lower)} – ${quantity(i80.upper)}`,
                  },
                ]
              : []),
            ...(i95
              ? [
                  {
                    key: 'i95',
                    label: t('forecast.interval', { level: 95 }),
                    children: `${quantity(i95.lower)} – ${quantity(i95.upper)}`,
                  },
                ]
              : []),
            ...(forecast.probability !== null
              ? [
                  {
                    key: 'probability',
                    label: t('forecast.probabilityLabel'),
                    children: t('forecast.probability', {
                      percent: formatProbability(forecast.probability, lang),
                      target: comparatorText(
                        forecast.comparator,
                        quantity(forecast.targetValue),
                        t,
                      ),
                      year: forecast.targetYear,
                    }),
                  },
                ]
              : []),
            ...(forecast.fit
              ? [
                  {
                    key: 'growth',
                    label: t('forecast.growth'),
                    children: t('forecast.growthValue', {
                      growth: formatShare(forecast.fit.annualGrowth, lang, 2),
                      n: forecast.fit.n,
                    }),
                  },
                ]
              : []),
          ]}
        />
      )}
      <details className="pw-explain-details">
        <summary>{t('forecast.formula')}</summary>
        <pre className="pw-formula">{forecast.formula.split('; ').join('\n')}</pre>
      </details>
      <Notes notes={forecast.notes} quantity={quantity} />
    </Section>
  );
}

function MilestoneExplain({ item }: { item: TargetProgressView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const m = item.milestone;
  if (!m) return <Empty description={t('explain.nothing')} />;
  const latest = m.inputs.latest;
  const matches = (rule: MilestoneRule) =>
    latest !== null && rule.evidence === latest.status && rule.timing === m.timing;
  const columns: ColumnsType<MilestoneRule> = [
    {
      title: t('explain.milestone.evidence'),
      key: 'evidence',
      render: (_, rule) => t(`target.status.${rule.evidence}`),
    },
    {
      title: t('explain.milestone.timingTitle'),
      key: 'timing',
      render: (_, rule) => t(`explain.milestone.timing.${rule.timing}`),
    },
    {
      title: t('explain.bandStatus'),
      key: 'status',
      render: (_, rule) => <ProgressStatusTag status={rule.status} testId="rule-status" />,
    },
    {
      title: t('explain.milestone.final'),
      key: 'final',
      render: (_, rule) => (rule.final ? t('explain.yes') : t('explain.no')),
    },
  ];
  return (
    <>
      <Section title={t('explain.inputsTitle')}>
        <Descriptions
          size="small"
          column={1}
          bordered
          data-testid="explain-milestone"
          styles={{ label: { width: 200 } }}
          items={[
            {
              key: 'milestone',
              label: t('explain.milestone.text'),
              children:
                (lang === 'en' ? item.target.milestoneEn : item.target.milestoneZh) ??
                item.target.sentence,
            },
            {
              key: 'deadline',
              label: t('explain.milestone.deadline'),
              children: formatDay(m.inputs.deadline, lang),
            },
            {
              key: 'today',
              label: t('explain.milestone.today'),
              children: formatDay(m.inputs.today, lang),
            },
            {
              key: 'timing',
              label: t('explain.milestone.timingTitle'),
              children: latest
                ? `${t(`explain.milestone.timing.${m.timing}`)} — ${t(
                    `explain.milestone.timingHelp.${m.timing}`,
                  )}`
                : t(
                    m.timing === 'open'
                      ? 'explain.milestone.deadlineOpen'
                      : 'explain.milestone.deadlinePassed',
                  ),
            },
            {
              key: 'latest',
              label: t('explain.milestone.latest'),
              children: latest ? (
                <Space orientation="vertical" size={2}>
                  <span>
                    <Tag>{t(`target.status.${latest.status}`)}</Tag>
                    {t('explain.milestone.recordedAt', {
                      date: formatDay(latest.recordedAt, lang),
                    })}
                  </span>
                  {latest.note && <Typography.Text>{latest.note}</Typography.Text>}
                </Space>
              ) : (
                <Typography.Text type="secondary">
                  {t('explain.milestone.noEvidence')}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Section>
      <Section title={t('explain.milestone.rulesTitle')}>
        <Typography.Paragraph>{t('explain.milestone.rulesHelp')}</Typography.Paragraph>
        <Table<MilestoneRule>
          size="small"
          pagination={false}
          rowKey={(rule) => `${rule.evidence}-${rule.timing}`}
          columns={columns}
          dataSource={[...MILESTONE_RULES]}
          rowClassName={(rule) => (matches(rule) ? 'pw-band-match' : '')}
          data-testid="explain-rules"
        />
      </Section>
      <Notes notes={m.notes} quantity={(v) => formatNumber(v, lang)} />
    </>
  );
}

/** Everything behind one target's status, in a drawer. */
export function ExplainDrawer({
  item,
  onClose,
}: {
  item: TargetProgressView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const status = item ? statusOfItem(item) : null;
  const quantity: Quantity = (v) =>
    item
      ? formatQuantity(v, item.indicator.unit, item.indicator.unitMult, lang, {
          maximumFractionDigits: 4,
        })
      : String(v);
  return (
    <Drawer
      open={item !== null}
      onClose={onClose}
      size={780}
      destroyOnHidden
      title={
        item
          ? t('explain.title', {
              indicator: indicatorName(item.indicator, lang),
              year: item.target.year,
            })
          : ''
      }
      extra={item ? <ProgressStatusTag item={item} testId="explain-status" /> : null}
      rootClassName="pw-explain-drawer"
      data-testid="explain-drawer"
    >
      {item && (
        <div data-testid="explain-body">
          <Alert
            type={
              status === 'achieved' || status === 'on_track'
                ? 'success'
                : status === 'insufficient_data'
                  ? 'info'
                  : status === 'acceleration_needed'
                    ? 'warning'
                    : 'error'
            }
            showIcon
            className="pw-explain-summary"
            data-testid="explain-summary"
            title={
              item.assessment
                ? summaryOf(item.assessment, quantity, lang, t)
                : milestoneSummary(item, lang, t)
            }
            description={t(finalityKey(item))}
          />
          <blockquote className="pw-sentence" lang="en">
            {item.target.sentence}
            <div className="pw-sentence-ref">
              <Link to={`/indicators/${item.indicator.code}`}>
                {t('explain.openIndicator', { indicator: indicatorName(item.indicator, lang) })}
              </Link>
            </div>
          </blockquote>
          {item.assessment ? (
            <NumericExplain item={item} a={item.assessment} />
          ) : (
            <MilestoneExplain item={item} />
          )}
        </div>
      )}
    </Drawer>
  );
}
