/**
 * /evaluation/:year/units/:code: one unit's scorecard: its total, rank and
 * changes, its components against their effective weights, every item that
 * gave or cost points with its reason, and its trend over the years.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { EChart } from '../../components/EChart';
import { unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { evaluationApi, type Scorecard } from './api';
import { ChangeFigures, ComponentName, RunStatusTag } from './bits';
import { componentChartOption, trendChartOption } from './charts';
import { ItemsTable } from './ItemsTable';
import { COMPONENTS, componentOf, formatPoints } from './model';
import './evaluation.css';

export default function ScorecardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const params = useParams();
  const year = Number(params.year);
  const code = params.code ?? '';
  const scorecard = useLive<Scorecard>(
    Number.isInteger(year) && code ? evaluationApi.scorecard(year, code) : null,
  );
  const data = scorecard.data;
  const componentsOption = useMemo(
    () => (data ? componentChartOption(data.row.components, lang, t) : null),
    [data, lang, t],
  );
  const trendOption = useMemo(
    () => (data ? trendChartOption(data.history, lang, t) : null),
    [data, lang, t],
  );

  const back = (
    <Link to={`/evaluation?year=${year}`} data-testid="back-to-ranking">
      <ArrowLeftOutlined /> {t('evaluation.scorecard.back', { year })}
    </Link>
  );

  if (scorecard.error !== undefined)
    return (
      <div data-testid="scorecard-page">
        <div className="pw-eval-breadcrumb">{back}</div>
        <ErrorState error={scorecard.error} onRetry={scorecard.reload} />
      </div>
    );
  if (!data || !componentsOption || !trendOption) return <Loading />;

  const { run, row, history } = data;
  const name = unitName(row.unit, lang);

  return (
    <div data-testid="scorecard-page">
      <div className="pw-eval-breadcrumb">{back}</div>
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title" data-testid="scorecard-title">
          {t('evaluation.scorecard.title', { unit: name, year: run.year })}
        </Typography.Title>
        <Space wrap size={8}>
          <RunStatusTag status={run.status} />
          <Typography.Text type="secondary">
            {t('evaluation.scorecard.runLine', {
              day: formatDay(run.cutoffOn, lang),
              version: run.schemeVersion,
            })}
          </Typography.Text>
        </Space>
      </div>

      <Card size="small" className="pw-eval-card" data-testid="scorecard-header">
        <div className="pw-eval-figures">
          <Statistic
            title={t('evaluation.scorecard.total')}
            value={
              row.evaluated ? formatPoints(row.total, lang) : t('evaluation.table.notEvaluated')
            }
            suffix={row.evaluated ? t('evaluation.pointsUnit') : undefined}
          />
          <Statistic
            title={t('evaluation.scorecard.rank')}
            value={
              row.rank !== null
                ? t('evaluation.scorecard.rankOf', { rank: row.rank, count: run.ranked })
                : t('evaluation.table.notEvaluated')
            }
          />
          <ChangeFigures row={row} />
        </div>
        {!row.evaluated && (
          <Typography.Paragraph type="secondary">
            {t('evaluation.table.notEvaluatedHint', { year: run.year })}
          </Typography.Paragraph>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            className="pw-eval-card"
            title={t('evaluation.scorecard.componentsChart')}
          >
            <EChart
              option={componentsOption}
              height={280}
              label={t('evaluation.scorecard.componentsChart')}
              testId="components-chart"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" className="pw-eval-card" title={t('evaluation.scorecard.trend')}>
            <EChart
              option={trendOption}
              height={280}
              label={t('evaluation.scorecard.trend')}
              testId="trend-chart"
            />
            {history.length < 2 && (
              <Typography.Text type="secondary" className="pw-small">
                {t('evaluation.scorecard.oneYear')}
              </Typography.Text>
            )}
          </Card>
        </Col>
      </Row>

      <Typography.Title level={4} className="pw-section">
        {t('evaluation.scorecard.items')}
      </Typography.Title>
      {COMPONENTS.map((key) => {
        const component = componentOf(data.components, key);
        if (!component) return null;
        return (
          <Card
            key={key}
            size="small"
            className="pw-eval-card"
            title={<ComponentName component={key} />}
            extra={
              <Space size={4} wrap>
                {component.effectiveWeight === 0 ? (
                  <Tag data-testid={`component-points-${key}`}>
                    {t('evaluation.scorecard.noInputs')}
                  </Tag>
                ) : (
                  <strong className="pw-num" data-testid={`component-points-${key}`}>
                    {t('evaluation.items.ofMax', {
                      points: formatPoints(component.points, lang),
                      max: formatPoints(component.effectiveWeight, lang),
                    })}
                  </strong>
                )}
                {component.effectiveWeight !== component.weight && (
                  <Tag>
                    {t('evaluation.scorecard.schemeWeight', {
                      weight: formatPoints(component.weight, lang),
                    })}
                  </Tag>
                )}
              </Space>
            }
            data-testid={`component-${key}`}
          >
            <ItemsTable items={component.items} testId={`items-${key}`} />
          </Card>
        );
      })}
    </div>
  );
}
