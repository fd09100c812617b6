/**
 * /alignment/plans/:code: a local plan's nodes in document order, each with
 * the national measure it implements. Who manages tasks for the plan's owner
 * unit picks measures (suggestions by shared key terms offered beside) and
 * saves every change at once; a problem shows on its node. ?node=II.1.3
 * marks one node (the matrix links here).
 */
import { BulbOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import type { Plan } from '../../../../src/api/contract';
import { api, ApiRequestError } from '../../api/client';
import { useApi, useLive } from '../../api/useApi';
import { ActionError } from '../../components/ActionError';
import { unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { useLang } from '../../useLang';
import { useAllowedOn } from '../inspections/permissions';
import {
  alignmentApi,
  saveLinks,
  type AlignmentLink,
  type AlignmentSuggestions,
  type PlanAlignment,
} from './api';
import { changedLinks, depthOf, linkProblems, measureGroups } from './model';
import './alignment.css';

type Suggestion = AlignmentSuggestions['items'][number]['suggestions'][number];

export default function LocalPlanPage() {
  const { code = '' } = useParams<{ code: string }>();
  const alignment = useLive<PlanAlignment>(alignmentApi.alignment(code));
  if (alignment.error !== undefined)
    return <ErrorState error={alignment.error} onRetry={alignment.reload} />;
  if (!alignment.data) return <Loading />;
  return <Linking alignment={alignment.data} onSaved={alignment.update} />;
}

function Linking({
  alignment,
  onSaved,
}: {
  alignment: PlanAlignment;
  onSaved: (change: (previous: PlanAlignment) => PlanAlignment) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const location = useLocation();
  const [params] = useSearchParams();
  const focused = params.get('node');
  const { plan, links } = alignment;
  const owner = plan.ownerUnit;
  const parentCode = plan.parentPlan?.code ?? null;
  const parent = useApi<Plan>(parentCode ? api.plan(parentCode) : null);
  const suggestions = useApi<AlignmentSuggestions>(
    parentCode ? alignmentApi.suggestions(plan.code) : null,
  );
  const canManage = useAllowedOn(owner ? [owner.code] : [], 'task:manage')(owner?.code ?? '');
  const groups = useMemo(() => measureGroups(parent.data?.tree ?? []), [parent.data]);
  const measureTitles = useMemo(
    () => new Map(groups.flatMap((group) => group.measures.map((m) => [m.path, m.title]))),
    [groups],
  );
  const options = useMemo(
    () =>
      groups.map((group) => ({
        label: `${group.section.path} ${group.section.title}`,
        title: group.section.path,
        options: group.measures.map((measure) => ({
          value: measure.path,
          label: `${measure.path} ${measure.title}`,
        })),
      })),
    [groups],
  );
  const suggested = useMemo(
    () =>
      new Map(
        (suggestions.data?.items ?? []).map((item) => [item.node.path, item.suggestions] as const),
      ),
    [suggestions.data],
  );

  const [chosen, setChosen] = useState<Record<string, string | null>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Map<string, string[]>>(new Map());
  const changes = changedLinks(links, chosen);
  const notes = (location.state as { notes?: { line: number; message: string }[] } | null)?.notes;

  useEffect(() => {
    if (!focused) return;
    document
      .querySelector(`[data-row-key="${CSS.escape(focused)}"]`)
      ?.scrollIntoView({ block: 'center' });
  }, [focused]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setProblems(new Map());
    try {
      const saved = await saveLinks(plan.code, { links: changes });
      onSaved(() => saved);
      setChosen({});
      void message.success(t('localPlans.link.saved', { count: changes.length }));
    } catch (e) {
      if (e instanceof ApiRequestError) {
        const placed = linkProblems(e.details, changes);
        setProblems(placed.byNode);
        setError(new ApiRequestError(e.url, e.status, e.code, e.message, placed.rest));
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const valueOf = (link: AlignmentLink): string | null =>
    Object.hasOwn(chosen, link.node.path)
      ? (chosen[link.node.path] ?? null)
      : (link.measure?.path ?? null);
  const choose = (path: string, measure: string | null) =>
    setChosen((previous) => ({ ...previous, [path]: measure }));

  const columns: ColumnsType<AlignmentLink> = [
    {
      key: 'node',
      title: t('localPlans.link.node'),
      render: (_, link) => (
        <div
          className={`pw-align-node pw-align-node-${link.node.kind}`}
          style={{ paddingInlineStart: depthOf(link.node.path) * 20 }}
        >
          <Tag className="pw-align-node-path">{link.node.path}</Tag>
          <span className="pw-align-node-title">{link.node.title}</span>
        </div>
      ),
    },
    {
      key: 'measure',
      title: t('localPlans.link.measure', { plan: plan.parentPlan?.title ?? '' }),
      width: '42%',
      render: (_, link) => {
        const value = valueOf(link);
        const nodeProblems = problems.get(link.node.path);
        if (link.node.kind === 'chapter' && value === null) return null;
        if (!canManage)
          return value ? (
            <Link to={`/plan/${encodeURIComponent(value)}`}>
              {value} {measureTitles.get(value) ?? link.measure?.title ?? ''}
            </Link>
          ) : (
            <span className="pw-muted">{t('localPlans.link.none')}</span>
          );
        return (
          <div>
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={value ?? undefined}
              onChange={(measure) => choose(link.node.path, measure ?? null)}
              options={options}
              loading={parent.loading}
              placeholder={t('localPlans.link.pick')}
              status={nodeProblems ? 'error' : undefined}
              popupMatchSelectWidth={560}
              style={{ width: '100%' }}
              data-testid={`link-${link.node.path}`}
            />
            {nodeProblems && (
              <div className="pw-align-link-error" data-testid={`link-error-${link.node.path}`}>
                {nodeProblems.join(' ')}
              </div>
            )}
            <SuggestionChips
              suggestions={suggested.get(link.node.path) ?? []}
              current={value}
              onPick={(path) => choose(link.node.path, path)}
            />
          </div>
        );
      },
    },
  ];

  return (
    <div data-testid="local-plan-page">
      <Breadcrumb
        className="pw-align-breadcrumb"
        items={[
          { title: <Link to="/alignment">{t('alignment.title')}</Link> },
          { title: <Link to="/alignment/plans">{t('localPlans.title')}</Link> },
          { title: plan.code },
        ]}
      />
      <div className="pw-page-header pw-align-header">
        <div>
          <Typography.Title level={2} className="pw-page-title" data-testid="local-plan-title">
            {plan.title}
            {plan.isExample && (
              <Tag color="purple" className="pw-align-example">
                {t('localPlans.example')}
              </Tag>
            )}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('localPlans.link.subtitle', {
              owner: owner ? unitName(owner, lang) : '—',
              parent: plan.parentPlan?.title ?? '—',
              aligned: plan.alignedNodeCount,
              nodes: plan.nodeCount,
            })}
          </Typography.Text>
        </div>
        {canManage && (
          <Space>
            <span className="pw-muted" data-testid="link-changes">
              {t('localPlans.link.changes', { count: changes.length })}
            </span>
            <Button
              icon={<UndoOutlined />}
              disabled={changes.length === 0 || busy}
              onClick={() => {
                setChosen({});
                setProblems(new Map());
                setError(null);
              }}
            >
              {t('localPlans.link.reset')}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={changes.length === 0}
              loading={busy}
              onClick={() => void save()}
              data-testid="link-save"
            >
              {t('localPlans.link.save')}
            </Button>
          </Space>
        )}
      </div>

      {notes && notes.length > 0 && (
        <Alert
          type="info"
          showIcon
          className="pw-form-alert"
          title={t('localPlans.link.notes', { count: notes.length })}
          description={
            <ul className="pw-align-notes" data-testid="import-notes">
              {notes.map((note, index) => (
                <li key={index}>
                  {t('localPlans.import.line', { line: note.line })}
                  {t('common.colon')}
                  {note.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {plan.parentPlan === null && (
        <Alert
          type="warning"
          showIcon
          className="pw-form-alert"
          title={t('localPlans.link.noParent')}
        />
      )}
      {error !== null && <ActionError error={error} testId="link-error" />}

      <Card size="small" className="pw-align-card" data-testid="link-table">
        <Table<AlignmentLink>
          size="small"
          rowKey={(link) => link.node.path}
          pagination={false}
          columns={columns}
          dataSource={links}
          rowClassName={(link) =>
            [
              link.node.path === focused ? 'pw-align-focused' : '',
              Object.hasOwn(chosen, link.node.path) &&
              valueOf(link) !== (link.measure?.path ?? null)
                ? 'pw-align-changed'
                : '',
            ].join(' ')
          }
        />
      </Card>
    </div>
  );
}

/** Up to three measures sharing the node's key terms; a click picks one. */
function SuggestionChips({
  suggestions,
  current,
  onPick,
}: {
  suggestions: readonly Suggestion[];
  current: string | null;
  onPick: (path: string) => void;
}) {
  const { t } = useTranslation();
  const shown = suggestions.filter((suggestion) => suggestion.measure.path !== current);
  if (shown.length === 0) return null;
  return (
    <div className="pw-align-suggestions">
      <span className="pw-muted pw-small">
        <BulbOutlined /> {t('localPlans.link.suggested')}
      </span>
      {shown.map((suggestion) => (
        <Tooltip
          key={suggestion.measure.path}
          title={`${suggestion.measure.title} · ${t('localPlans.link.sharedTerms', {
            terms: suggestion.sharedTerms.join(t('localPlans.link.termSeparator')),
          })}`}
        >
          <Tag.CheckableTag
            checked={false}
            onChange={() => onPick(suggestion.measure.path)}
            className="pw-align-suggestion"
          >
            {suggestion.measure.path} · {Math.round(suggestion.score * 100)}%
          </Tag.CheckableTag>
        </Tooltip>
      ))}
    </div>
  );
}
