/**
 * /evaluation/:year/compare?a=CODE&b=CODE: two units of a year's evaluation
 * side by side: totals, ranks and changes, their points per component, and
 * their items per component. Pickers change either unit.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Row, Select, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { EChart } from '../../components/EChart';
import { unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { useLang } from '../../useLang';
import { evaluationApi, type EvaluationRanking, type RankingRow, type Scorecard } from './api';
import { ChangeFigures, ComponentName, RunStatusTag, UnitLink } from './bits';
import { compareChartOption } from './charts';
import { ItemsTable } from './ItemsTable';
import { defaultPair, formatPoints, orderRows, pairComponents } from './model';
import './evaluation.css';

type Side = 'a' | 'b';

function UnitSummary({ row, ranked, year }: { row: RankingRow; ranked: number; year: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="pw-eval-compare-summary" data-testid={`summary-${row.unit.code}`}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        <UnitLink row={row} year={year} />
      </Typography.Title>
      <div className="pw-eval-figures">
        <div className="pw-eval-figure">
          <div className="pw-muted">{t('evaluation.scorecard.total')}</div>
          <div className="pw-eval-figure-value pw-num">
            {row.evaluated
              ? t('evaluation.pointsValue', { value: formatPoints(row.total, lang) })
              : t('evaluation.table.notEvaluated')}
          </div>
        </div>
        <div className="pw-eval-figure">
          <div className="pw-muted">{t('evaluation.scorecard.rank')}</div>
          <div className="pw-eval-figure-value">
            {row.rank !== null
              ? t('evaluation.scorecard.rankOf', { rank: row.rank, count: ranked })
              : '—'}
          </div>
        </div>
        <ChangeFigures row={row} />
      </div>
    </div>
  );
}

export default function EvaluationComparePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const params = useParams();
  const year = Number(params.year);
  const [search, setSearch] = useSearchParams();
  const ranking = useLive<EvaluationRanking>(
    Number.isInteger(year) ? evaluationApi.ranking(year) : null,
  );
  const rows = useMemo(() => orderRows(ranking.data?.rows ?? []), [ranking.data]);
  const [firstDefault, secondDefault] = defaultPair(rows);
  const codeA = search.get('a') ?? firstDefault;
  const codeB = search.get('b') ?? secondDefault;
  const a = useLive<Scorecard>(codeA ? evaluationApi.scorecard(year, codeA) : null);
  const b = useLive<Scorecard>(codeB ? evaluationApi.scorecard(year, codeB) : null);

  const option = useMemo(
    () =>
      a.data && b.data
        ? compareChartOption(
            { name: unitName(a.data.row.unit, lang), components: a.data.row.components },
            { name: unitName(b.data.row.unit, lang), components: b.data.row.components },
            lang,
            t,
          )
        : null,
    [a.data, b.data, lang, t],
  );

  const pick = (side: Side, code: string) => {
    const next = new URLSearchParams(search);
    next.set('a', side === 'a' ? code : (codeA ?? ''));
    next.set('b', side === 'b' ? code : (codeB ?? ''));
    setSearch(next, { replace: true });
  };

  const options = rows.map((row) => ({
    value: row.unit.code,
    label: `${unitName(row.unit, lang)} (${row.unit.code})`,
    disabled: !row.evaluated,
  }));

  const picker = (side: Side, value: string | null) => (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      value={value ?? undefined}
      onChange={(code) => pick(side, code)}
      options={options}
      placeholder={t('evaluation.compare.pick')}
      style={{ width: 280 }}
      aria-label={t(side === 'a' ? 'evaluation.compare.unitA' : 'evaluation.compare.unitB')}
      data-testid={`compare-${side}`}
    />
  );

  const failed = ranking.error ?? a.error ?? b.error;
  const cardA = a.data;
  const cardB = b.data;
  const run = ranking.data?.run;

  return (
    <div data-testid="compare-page">
      <div className="pw-eval-breadcrumb">
        <Link to={`/evaluation?year=${year}`} data-testid="back-to-ranking">
          <ArrowLeftOutlined /> {t('evaluation.scorecard.back', { year })}
        </Link>
      </div>
      <div className="pw-page-header pw-eval-header">
        <div>
          <Typography.Title level={2} className="pw-page-title" data-testid="compare-title">
            {t('evaluation.compare.title', { year })}
          </Typography.Title>
          {run && <RunStatusTag status={run.status} />}
        </div>
        <Space wrap>
          {picker('a', codeA)}
          <span className="pw-muted">{t('evaluation.compare.versus')}</span>
          {picker('b', codeB)}
        </Space>
      </div>

      {failed !== undefined ? (
        <ErrorState error={failed} inline />
      ) : !ranking.data ? (
        <Loading />
      ) : !codeA || !codeB ? (
        <Alert type="info" showIcon title={t('evaluation.compare.pickTwo')} />
      ) : !cardA || !cardB || !option ? (
        <Loading />
      ) : (
        <>
          {codeA === codeB && (
            <Alert
              type="warning"
              showIcon
              title={t('evaluation.compare.same')}
              className="pw-eval-card"
            />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" className="pw-eval-card pw-eval-side-a">
                <UnitSummary row={cardA.row} ranked={cardA.run.ranked} year={year} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" className="pw-eval-card pw-eval-side-b">
                <UnitSummary row={cardB.row} ranked={cardB.run.ranked} year={year} />
              </Card>
            </Col>
          </Row>
          <Card size="small" className="pw-eval-card" title={t('evaluation.compare.chart')}>
            <EChart
              option={option}
              height={300}
              label={t('evaluation.compare.chart')}
              testId="compare-chart"
            />
          </Card>
          {pairComponents(cardA.components, cardB.components).map((pair) => (
            <Card
              key={pair.key}
              size="small"
              className="pw-eval-card"
              title={<ComponentName component={pair.key} />}
              data-testid={`compare-component-${pair.key}`}
            >
              <Row gutter={[16, 16]}>
                {(
                  [
                    ['a', cardA, pair.a],
                    ['b', cardB, pair.b],
                  ] as const
                ).map(([side, card, component]) => (
                  <Col xs={24} lg={12} key={side}>
                    <div className="pw-eval-compare-head">
                      <strong>{unitName(card.row.unit, lang)}</strong>
                      <span className="pw-num">
                        {component?.effectiveWeight === 0
                          ? t('evaluation.scorecard.noInputs')
                          : component
                            ? t('evaluation.items.ofMax', {
                                points: formatPoints(component.points, lang),
                                max: formatPoints(component.effectiveWeight, lang),
                              })
                            : '—'}
                      </span>
                    </div>
                    <ItemsTable
                      items={component?.items ?? []}
                      compact
                      testId={`compare-items-${pair.key}-${card.row.unit.code}`}
                    />
                  </Col>
                ))}
              </Row>
            </Card>
          ))}
        </>
      )}
    </div>
  );
}
