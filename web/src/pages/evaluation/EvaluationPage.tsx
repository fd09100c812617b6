/**
 * /evaluation?year=2020: the annual evaluation of provinces and central
 * departments (Outline VI(4)): the run's status, the ranking, the map of
 * provinces by total, the scheme, and for the coordinating office running
 * and publishing. An empty state says what a run needs when there is none.
 */
import { DownloadOutlined, PlayCircleOutlined, SwapOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Row,
  Select,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { ActionError } from '../../components/ActionError';
import { ProvinceChoropleth } from '../../components/ProvinceChoropleth';
import { actorName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime, formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import {
  evaluationApi,
  publishRun,
  type EvaluationRanking,
  type EvaluationRunList,
  type EvaluationRunSummary,
  type ReportFormat,
} from './api';
import { RunStatusTag } from './bits';
import { chosenYear, formatPoints, provinceTotals, runYears, shortHash } from './model';
import { RankingTable } from './RankingTable';
import { RunEvaluationModal } from './RunEvaluationModal';
import { SchemePanel } from './SchemePanel';
import './evaluation.css';

const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'html', 'xlsx'];

export default function EvaluationPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const list = useLive<EvaluationRunList>(evaluationApi.runs());
  const years = useMemo(() => runYears(list.data?.runs ?? []), [list.data]);
  const year = list.data ? chosenYear(params.get('year'), years) : null;
  const ranking = useLive<EvaluationRanking>(year === null ? null : evaluationApi.ranking(year));
  const canManage = list.data?.canManage === true;
  const [running, setRunning] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [actionError, setActionError] = useState<unknown>(null);
  const formatMapValue = useMemo(() => (value: number) => formatPoints(value, lang), [lang]);

  const showYear = (value: number) => {
    setSelected([]);
    setActionError(null);
    setParams({ year: String(value) }, { replace: true });
  };

  const afterRun = (result: EvaluationRanking) => {
    setRunning(false);
    void message.success(
      t('evaluation.runModal.done', {
        year: result.run.year,
        ranked: result.run.ranked,
        units: result.run.units,
      }),
    );
    list.reload();
    ranking.reload();
    showYear(result.run.year);
  };

  const confirmPublish = (run: EvaluationRunSummary) => {
    setActionError(null);
    modal.confirm({
      title: t('evaluation.publish.title', { year: run.year }),
      content: <div data-testid="publish-confirm">{t('evaluation.publish.text')}</div>,
      okText: t('evaluation.publish.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await publishRun(run.id);
          void message.success(t('evaluation.publish.done', { year: run.year }));
          list.reload();
          ranking.reload();
        } catch (error) {
          setActionError(error);
        }
      },
    });
  };

  const header = (
    <div className="pw-page-header pw-eval-header">
      <div>
        <Typography.Title level={2} className="pw-page-title" data-testid="evaluation-title">
          {t('evaluation.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('evaluation.subtitle')}</Typography.Text>
      </div>
      <Space wrap>
        {year !== null && (
          <>
            <label htmlFor="evaluation-year" className="pw-muted">
              {t('evaluation.year')}
            </label>
            <Select<number>
              id="evaluation-year"
              value={year}
              onChange={showYear}
              options={years.map((value) => ({ value, label: String(value) }))}
              style={{ width: 100 }}
              data-testid="evaluation-year"
            />
            <Tooltip title={selected.length < 2 ? t('evaluation.compare.pickTwo') : undefined}>
              <Button
                icon={<SwapOutlined />}
                disabled={selected.length !== 2}
                onClick={() =>
                  void navigate(
                    `/evaluation/${year}/compare?a=${encodeURIComponent(selected[0] ?? '')}&b=${encodeURIComponent(selected[1] ?? '')}`,
                  )
                }
                data-testid="compare-selected"
              >
                {t('evaluation.compare.button', { count: selected.length })}
              </Button>
            </Tooltip>
            <Dropdown
              menu={{
                items: REPORT_FORMATS.map((format) => ({
                  key: format,
                  label: (
                    <a
                      href={evaluationApi.report(year, lang, format)}
                      download
                      data-testid={`report-${format}`}
                    >
                      {t(`evaluation.report.${format}`)}
                    </a>
                  ),
                })),
              }}
            >
              <Button icon={<DownloadOutlined />} data-testid="report-menu">
                {t('evaluation.report.button')}
              </Button>
            </Dropdown>
          </>
        )}
        {canManage && (
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            onClick={() => setRunning(true)}
            data-testid="run-evaluation"
          >
            {t('evaluation.run.button')}
          </Button>
        )}
      </Space>
    </div>
  );

  const runModal = (
    <RunEvaluationModal
      open={running}
      shownYear={year}
      runs={list.data?.runs ?? []}
      onClose={() => setRunning(false)}
      onDone={afterRun}
    />
  );

  if (list.error !== undefined) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;

  if (year === null)
    return (
      <div data-testid="evaluation-page">
        {header}
        <Card data-testid="evaluation-empty">
          <Empty
            description={
              <div className="pw-eval-empty">
                <Typography.Title level={4}>{t('evaluation.empty.title')}</Typography.Title>
                <Typography.Paragraph>{t('evaluation.empty.text')}</Typography.Paragraph>
                <ul>
                  {(['outcome', 'delivery', 'reporting', 'inspection'] as const).map((key) => (
                    <li key={key}>{t(`evaluation.empty.inputs.${key}`)}</li>
                  ))}
                </ul>
                <Typography.Paragraph type="secondary">
                  {t(canManage ? 'evaluation.empty.manager' : 'evaluation.empty.reader')}
                </Typography.Paragraph>
              </div>
            }
          >
            {canManage && (
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                onClick={() => setRunning(true)}
                data-testid="run-evaluation-empty"
              >
                {t('evaluation.run.button')}
              </Button>
            )}
          </Empty>
        </Card>
        {runModal}
      </div>
    );

  const run = ranking.data?.run;
  const rows = ranking.data?.rows ?? [];

  return (
    <div data-testid="evaluation-page">
      {header}
      {ranking.error !== undefined ? (
        <ErrorState error={ranking.error} onRetry={ranking.reload} />
      ) : !run ? (
        <Loading />
      ) : (
        <>
          <Card
            size="small"
            className="pw-eval-card"
            title={
              <Space>
                {t('evaluation.run.title', { year: run.year })}
                <RunStatusTag status={run.status} />
              </Space>
            }
            extra={
              canManage &&
              run.status === 'draft' && (
                <Button type="primary" onClick={() => confirmPublish(run)} data-testid="publish">
                  {t('evaluation.publish.button')}
                </Button>
              )
            }
            data-testid="run-status"
          >
            {actionError !== null && (
              <ActionError
                error={actionError}
                titles={{ 409: t('evaluation.publish.conflict') }}
                testId="publish-error"
              />
            )}
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                {
                  key: 'cutoff',
                  label: t('evaluation.run.cutoff'),
                  children: (
                    <span data-testid="run-cutoff-day">{formatDay(run.cutoffOn, lang)}</span>
                  ),
                },
                {
                  key: 'scheme',
                  label: t('evaluation.run.scheme'),
                  children: t('evaluation.run.schemeVersion', { version: run.schemeVersion }),
                },
                {
                  key: 'hash',
                  label: t('evaluation.run.hash'),
                  children: (
                    <Tooltip title={run.inputsSha256}>
                      <code data-testid="run-hash">{shortHash(run.inputsSha256)}</code>
                    </Tooltip>
                  ),
                },
                {
                  key: 'units',
                  label: t('evaluation.run.units'),
                  children: t('evaluation.run.unitsValue', {
                    ranked: run.ranked,
                    units: run.units,
                  }),
                },
                {
                  key: 'created',
                  label: t('evaluation.run.created'),
                  children: t('evaluation.run.by', {
                    who: actorName(run.createdBy),
                    at: formatDateTime(run.createdAt, lang),
                  }),
                },
                {
                  key: 'published',
                  label: t('evaluation.run.published'),
                  children:
                    run.publishedAt !== null
                      ? t('evaluation.run.by', {
                          who: actorName(run.publishedBy ?? ''),
                          at: formatDateTime(run.publishedAt, lang),
                        })
                      : t('evaluation.run.notPublished'),
                },
              ]}
            />
            <Typography.Text type="secondary" className="pw-small">
              {t(run.status === 'published' ? 'evaluation.run.frozen' : 'evaluation.run.draftNote')}
            </Typography.Text>
          </Card>

          <Row gutter={[16, 16]} align="stretch">
            <Col xs={24} xl={16}>
              <Card
                size="small"
                className="pw-eval-card"
                title={t('evaluation.table.title', { year: run.year })}
                extra={<span className="pw-muted pw-small">{t('evaluation.table.pickHint')}</span>}
              >
                <RankingTable
                  year={run.year}
                  rows={rows}
                  selected={selected}
                  onSelect={setSelected}
                />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card size="small" className="pw-eval-card pw-eval-map" data-testid="evaluation-map">
                <ProvinceChoropleth
                  values={provinceTotals(rows)}
                  title={t('evaluation.map.title', { year: run.year })}
                  unitLabel={t('evaluation.map.unit')}
                  formatValue={formatMapValue}
                  mode="continuous"
                  onSelect={(code) =>
                    void navigate(`/evaluation/${run.year}/units/${encodeURIComponent(code)}`)
                  }
                  height={320}
                />
                <Typography.Paragraph
                  type="secondary"
                  className="pw-small pw-eval-map-note"
                  data-testid="map-departments-note"
                >
                  {t('evaluation.map.departments')}
                </Typography.Paragraph>
              </Card>
            </Col>
          </Row>
          <SchemePanel year={run.year} runVersion={run.schemeVersion} />
        </>
      )}
      {runModal}
    </div>
  );
}
