/**
 * /alignment: the alignment matrix of the national plan: for every measure
 * and every unit listed (the provinces, prefectures or departments within
 * the chosen unit, or the units with a local plan), whether the unit has a
 * counterpart in its own plan, and tasks. State in the URL:
 * ?unit=420000&columns=province&uncovered=1.
 */
import { FileTextOutlined, ProjectOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Segmented, Select, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { actionsOf } from '../../../../src/core/access/policy';
import { DEFAULT_PLAN } from '../../api/client';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { assignmentUnitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { useLang } from '../../useLang';
import { depthOf } from '../reporting/periods';
import { alignmentApi, type AlignmentMatrix, type MatrixLevel } from './api';
import { CellDrawer, type OpenCell } from './CellDrawer';
import { MatrixTable } from './MatrixTable';
import { coveredMeasureCount, formatShare } from './model';
import './alignment.css';

const COLUMN_CHOICES = ['province', 'prefecture', 'department', 'plans'] as const;
type ColumnChoice = (typeof COLUMN_CHOICES)[number];

const asColumns = (value: string | null, fallback: ColumnChoice): ColumnChoice =>
  (COLUMN_CHOICES as readonly string[]).includes(value ?? '') ? (value as ColumnChoice) : fallback;

export default function AlignmentPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<OpenCell | null>(null);

  /** Units where the user reads unpublished records, highest first: the matrix's possible scopes. */
  const scopes = useMemo(() => {
    const seen = new Map<string, { code: string; name: string }>();
    for (const role of user?.roles ?? [])
      if (actionsOf(role.role).includes('read:unpublished') && !seen.has(role.orgUnitCode))
        seen.set(role.orgUnitCode, {
          code: role.orgUnitCode,
          name: assignmentUnitName(role, lang),
        });
    return [...seen.values()].sort((a, b) => depthOf(a.code) - depthOf(b.code));
  }, [user, lang]);

  const unit =
    scopes.find((scope) => scope.code === params.get('unit'))?.code ?? scopes[0]?.code ?? null;
  const columns = asColumns(
    params.get('columns'),
    unit !== null && depthOf(unit) >= 2 ? 'plans' : 'province',
  );
  const uncoveredOnly = params.get('uncovered') === '1';
  const level: MatrixLevel | null = columns === 'plans' ? null : columns;
  const matrix = useLive<AlignmentMatrix>(
    unit === null ? null : alignmentApi.matrix(DEFAULT_PLAN, unit, level),
  );

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value === null) next.delete(key);
      else next.set(key, value);
    setParams(next, { replace: true });
  };

  const data = matrix.data;
  return (
    <div data-testid="alignment-page">
      <div className="pw-page-header pw-align-header">
        <div>
          <Typography.Title level={2} className="pw-page-title">
            {t('alignment.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('alignment.subtitle', { plan: data?.plan.title ?? DEFAULT_PLAN })}
          </Typography.Text>
        </div>
        <Link to="/alignment/plans">
          <Button icon={<FileTextOutlined />} data-testid="local-plans-link">
            {t('localPlans.title')}
          </Button>
        </Link>
      </div>

      <Card size="small" className="pw-align-controls">
        <Space wrap size={[24, 8]} align="center">
          <span className="pw-align-control">
            <label htmlFor="alignment-scope">{t('alignment.scope')}</label>
            <Select<string>
              id="alignment-scope"
              value={unit ?? undefined}
              onChange={(code) => set({ unit: code })}
              options={scopes.map((scope) => ({
                value: scope.code,
                label: `${scope.name} (${scope.code})`,
              }))}
              popupMatchSelectWidth={false}
              style={{ minWidth: 180 }}
              data-testid="alignment-scope"
            />
          </span>
          <span className="pw-align-control">
            <span>{t('alignment.columns.label')}</span>
            <Segmented<ColumnChoice>
              value={columns}
              onChange={(value) => set({ columns: value })}
              options={COLUMN_CHOICES.map((value) => ({
                value,
                label: t(`alignment.columns.${value}`),
              }))}
              data-testid="alignment-columns"
            />
          </span>
          <Checkbox
            checked={uncoveredOnly}
            onChange={(event) => set({ uncovered: event.target.checked ? '1' : null })}
            data-testid="alignment-uncovered"
          >
            {t('alignment.uncoveredOnly')}
          </Checkbox>
        </Space>
      </Card>

      {unit === null ? (
        <Card>{t('alignment.noScope')}</Card>
      ) : matrix.error !== undefined ? (
        <ErrorState error={matrix.error} onRetry={matrix.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <div className="pw-align-stats" data-testid="alignment-stats">
            <Statistic
              title={t('alignment.stats.measuresCovered')}
              value={coveredMeasureCount(data.measures)}
              suffix={`/ ${data.measures.length}`}
            />
            <Statistic title={t('alignment.stats.units')} value={data.units.length} />
            <Statistic
              title={t('alignment.stats.unitsWithPlan')}
              value={data.units.filter((column) => column.plans.length > 0).length}
            />
            <Statistic
              title={t('alignment.stats.meanCoverage')}
              value={formatShare(
                data.units.length === 0
                  ? 0
                  : data.units.reduce((sum, column) => sum + column.coverage, 0) /
                      data.units.length,
              )}
            />
            <div className="pw-align-legend" aria-label={t('alignment.legend.label')}>
              <span>
                <i className="pw-align-swatch pw-align-cell-covered" />
                {t('alignment.legend.covered')}
              </span>
              <span>
                <i className="pw-align-swatch pw-align-cell-tasks" />
                {t('alignment.legend.tasks')}
              </span>
              <span>
                <i className="pw-align-swatch pw-align-cell-empty" />
                {t('alignment.legend.empty')}
              </span>
              <span>
                <ProjectOutlined />
                {t('alignment.legend.taskCount')}
              </span>
            </div>
          </div>
          {data.units.length === 0 ? (
            <Card data-testid="alignment-no-units">
              {columns === 'plans' ? t('alignment.noPlans') : t('alignment.noUnits')}
            </Card>
          ) : (
            <MatrixTable
              matrix={data}
              uncoveredOnly={uncoveredOnly}
              onOpenCell={(measure, column, cell) => setOpen({ measure, unit: column, cell })}
            />
          )}
        </>
      )}
      <CellDrawer open={open} onClose={() => setOpen(null)} />
    </div>
  );
}
