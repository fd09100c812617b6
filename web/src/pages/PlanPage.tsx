import {
  Alert,
  Breadcrumb,
  Card,
  Col,
  Collapse,
  Empty,
  Row,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Plan, PlanNodeTree } from '../../../src/api/contract';
import { api, DEFAULT_PLAN, type IndicatorList } from '../api/client';
import { useApi } from '../api/useApi';
import { formatDate, indicatorName } from '../components/indicatorBits';
import { ErrorState, Loading } from '../components/states';
import { MeasureTasksLink } from './tasks/MeasureTasksLink';
import { useLang } from '../useLang';

type Note = Plan['notes'][number];

interface Indexed {
  node: PlanNodeTree;
  ancestors: PlanNodeTree[];
}

function indexTree(tree: readonly PlanNodeTree[]): Map<string, Indexed> {
  const index = new Map<string, Indexed>();
  const walk = (nodes: readonly PlanNodeTree[], ancestors: PlanNodeTree[]) => {
    for (const node of nodes) {
      index.set(node.path, { node, ancestors });
      walk(node.children, [...ancestors, node]);
    }
  };
  walk(tree, []);
  return index;
}

/** "III", "(3)", "3." — the number as the plan's structure has it. */
export function nodeNumber(node: Pick<PlanNodeTree, 'kind' | 'number'>): string {
  if (node.kind === 'chapter') return node.number;
  if (node.kind === 'section') return `(${node.number})`;
  return `${node.number}.`;
}

function NodeLabel({ node }: { node: PlanNodeTree }) {
  const { t } = useTranslation();
  const printed = node.printedNumber !== null && node.printedNumber !== node.number;
  return (
    <span className={`pw-node pw-node-${node.kind}`} data-path={node.path}>
      <span className="pw-node-number">{nodeNumber(node)}</span>
      {printed && (
        <span className="pw-printed">{t('plan.printed', { number: node.printedNumber })}</span>
      )}{' '}
      <span className="pw-node-title">{node.title}</span>
    </span>
  );
}

function toTreeData(nodes: readonly PlanNodeTree[]): TreeDataNode[] {
  return nodes.map((node) => ({
    key: node.path,
    title: <NodeLabel node={node} />,
    children: node.children.length ? toTreeData(node.children) : undefined,
    isLeaf: node.children.length === 0,
  }));
}

function Paragraphs({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div className="pw-node-text" data-testid="node-text">
      {paragraphs.map((p, i) => (
        <Typography.Paragraph key={i}>{p}</Typography.Paragraph>
      ))}
    </div>
  );
}

function NodeDetail({ entry, names }: { entry: Indexed; names: Map<string, string> }) {
  const { t } = useTranslation();
  const { node, ancestors } = entry;
  const printed = node.printedNumber !== null && node.printedNumber !== node.number;
  return (
    <Card data-testid="node-detail">
      <Breadcrumb
        className="pw-node-breadcrumb"
        items={[
          { title: <Link to="/plan">{t('plan.title')}</Link> },
          ...ancestors.map((a) => ({
            title: (
              <Link to={`/plan/${a.path}`}>
                {nodeNumber(a)} {a.title}
              </Link>
            ),
          })),
        ]}
      />
      <div className="pw-node-heading">
        <Tag color="blue">{t(`plan.kind.${node.kind}`)}</Tag>
        <Typography.Text type="secondary" className="pw-node-path">
          {t('plan.path')}
          {t('common.colon')}
          {node.path}
        </Typography.Text>
        {node.kind === 'measure' && <MeasureTasksLink path={node.path} />}
      </div>
      <Typography.Title level={3} className="pw-node-detail-title">
        <span className="pw-node-number">{nodeNumber(node)}</span>
        {printed && (
          <span className="pw-printed">{t('plan.printed', { number: node.printedNumber })}</span>
        )}{' '}
        {node.title}
      </Typography.Title>
      <Paragraphs text={node.text} />
      <Typography.Title level={5}>{t('plan.indicators')}</Typography.Title>
      {node.indicatorCodes.length === 0 ? (
        <Typography.Text type="secondary">{t('plan.noIndicators')}</Typography.Text>
      ) : (
        <ul className="pw-link-list" data-testid="node-indicators">
          {node.indicatorCodes.map((code) => (
            <li key={code}>
              <Link to={`/indicators/${code}`}>{names.get(code) ?? code}</Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default function PlanPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const params = useParams<{ path: string }>();
  const selectedPath = params.path ?? null;
  const plan = useApi<Plan>(api.plan(DEFAULT_PLAN));
  const indicators = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));

  const index = useMemo(() => indexTree(plan.data?.tree ?? []), [plan.data]);
  const treeData = useMemo(() => toTreeData(plan.data?.tree ?? []), [plan.data]);
  const names = useMemo(
    () => new Map((indicators.data?.items ?? []).map((i) => [i.code, indicatorName(i, lang)])),
    [indicators.data, lang],
  );
  const selected = selectedPath ? index.get(selectedPath) : undefined;

  const [expanded, setExpanded] = useState<Key[]>([]);
  useEffect(() => {
    if (!selected) return;
    const wanted = [
      ...selected.ancestors.map((a) => a.path),
      ...(selected.node.children.length ? [selected.node.path] : []),
    ];
    setExpanded((current) => [...new Set([...current, ...wanted])]);
  }, [selected]);

  const treeBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = treeBox.current;
    if (!box || !selectedPath) return;
    const frame = requestAnimationFrame(() => {
      const node = box.querySelector<HTMLElement>('.ant-tree-treenode-selected');
      if (!node) return;
      const top = node.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - node.offsetHeight)
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedPath, expanded]);

  if (plan.error) return <ErrorState error={plan.error} onRetry={plan.reload} />;
  if (!plan.data) return <Loading />;
  const data = plan.data;

  const noteColumns = [
    { title: t('plan.noteLine'), dataIndex: 'line', key: 'line', width: 80 },
    {
      title: t('plan.noteKind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 200,
      render: (kind: string) => <Tag>{t(`plan.noteKinds.${kind}`, { defaultValue: kind })}</Tag>,
    },
    { title: t('plan.noteMessage'), dataIndex: 'message', key: 'message' },
  ];

  return (
    <div data-testid="plan-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('overview.title')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('overview.issued', {
            issuers: data.issuers.join(lang === 'en' ? ', ' : '、'),
            date: formatDate(data.issuedOn, lang) ?? '',
          })}{' '}
          · {t('plan.textLanguage')}
        </Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('plan.tree')} className="pw-tree-card" size="small">
            <div className="pw-tree-box" ref={treeBox} data-testid="plan-tree">
              <Tree
                blockNode
                treeData={treeData}
                selectedKeys={selectedPath ? [selectedPath] : []}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                onSelect={(_, info) => void navigate(`/plan/${String(info.node.key)}`)}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {selectedPath && !selected ? (
            <Alert
              type="warning"
              showIcon
              title={t('plan.nodeNotFound', { path: selectedPath })}
              data-testid="node-not-found"
            />
          ) : selected ? (
            <NodeDetail entry={selected} names={names} />
          ) : (
            <Card data-testid="plan-preamble">
              <Alert type="info" showIcon title={t('plan.selectHint')} className="pw-select-hint" />
              <Typography.Title level={4}>{t('plan.preamble')}</Typography.Title>
              <Paragraphs text={data.preamble} />
              <Typography.Text type="secondary">
                {t('plan.source')}
                {t('common.colon')}
                {data.source}
              </Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
      <Collapse
        className="pw-section pw-notes"
        data-testid="import-notes"
        items={[
          {
            key: 'notes',
            label: t('plan.notes', { count: data.notes.length }),
            children: (
              <Table<Note>
                size="small"
                pagination={false}
                rowKey={(note) => `${note.line}-${note.kind}-${note.message}`}
                columns={noteColumns}
                dataSource={data.notes}
                locale={{ emptyText: <Empty description={t('common.none')} /> }}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
