import { CheckOutlined, LockOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { actorName, unitName } from '../../components/roles';
import { formatDateTime, formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import type { Finding, RectificationItem } from './api';
import { ItemStatusTag, SeverityTag } from './bits';

/**
 * One finding: severity, what was found, the measure it concerns, its
 * rectification items and, when closed, the closure. The actions shown are
 * the ones the user may take (the server checks again).
 */
export function FindingCard({
  finding,
  canWrite,
  canReport,
  onAddItem,
  onClose,
  onMarkDone,
}: {
  finding: Finding;
  /** inspection:write on the inspecting unit: add items, close. */
  canWrite: boolean;
  /** task:report on an item's owner unit: mark it done. */
  canReport: (ownerUnitCode: string) => boolean;
  onAddItem: (finding: Finding) => void;
  onClose: (finding: Finding) => void;
  onMarkDone: (item: RectificationItem) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const open = finding.status === 'open';

  const columns: ColumnsType<RectificationItem> = [
    {
      key: 'title',
      title: t('inspections.item.title'),
      render: (_, item) => <span className="pw-insp-item-title">{item.title}</span>,
    },
    {
      key: 'owner',
      title: t('inspections.item.owner'),
      render: (_, item) => (
        <span>
          {unitName(item.ownerUnit, lang)}{' '}
          <span className="pw-muted pw-small">{item.ownerUnit.code}</span>
        </span>
      ),
    },
    {
      key: 'due',
      title: t('inspections.item.due'),
      render: (_, item) => (
        <span className={item.overdue ? 'pw-insp-overdue' : undefined}>
          {formatDay(item.dueOn, lang)}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('inspections.item.status'),
      render: (_, item) => <ItemStatusTag item={item} />,
    },
    {
      key: 'done',
      title: t('inspections.item.evidence'),
      render: (_, item) =>
        item.status === 'done' ? (
          <div className="pw-insp-done">
            {item.note && <div className="pw-insp-note">{item.note}</div>}
            {item.evidenceLink && (
              <a href={item.evidenceLink} target="_blank" rel="noreferrer noopener">
                <PaperClipOutlined /> {t('inspections.item.evidenceLink')}
              </a>
            )}
            {item.evidence.map((file) => (
              <div key={file.id}>
                <a href={file.href}>
                  <PaperClipOutlined /> {file.fileName}
                </a>
              </div>
            ))}
            {item.doneBy && (
              <div className="pw-muted pw-small">
                {t('inspections.item.doneBy', { who: actorName(item.doneBy) })}
              </div>
            )}
          </div>
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, item) =>
        item.status === 'open' && canReport(item.ownerUnit.code) ? (
          <Button
            size="small"
            icon={<CheckOutlined />}
            onClick={() => onMarkDone(item)}
            data-testid={`mark-done-${item.id}`}
          >
            {t('inspections.item.markDone')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      size="small"
      className={`pw-insp-finding pw-insp-finding-${finding.severity}`}
      data-testid={`finding-${finding.id}`}
      data-status={finding.status}
      title={
        <Space wrap size={[8, 4]}>
          <SeverityTag severity={finding.severity} />
          {open ? (
            <Tag color="processing">{t('inspections.finding.open')}</Tag>
          ) : (
            <Tag icon={<LockOutlined />} color="default" data-testid="finding-closed">
              {t('inspections.finding.closed')}
            </Tag>
          )}
        </Space>
      }
      extra={
        open && canWrite ? (
          <Space>
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => onAddItem(finding)}
              data-testid={`add-item-${finding.id}`}
            >
              {t('inspections.finding.addItem')}
            </Button>
            <Button
              size="small"
              icon={<LockOutlined />}
              onClick={() => onClose(finding)}
              data-testid={`close-finding-${finding.id}`}
            >
              {t('inspections.finding.close')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph className="pw-insp-description">
        {finding.description}
      </Typography.Paragraph>
      <div className="pw-muted pw-small pw-insp-finding-meta">
        {finding.measure && (
          <span>
            {t('inspections.finding.measure')}
            {t('common.colon')}
            {finding.measure.plan === 'nids-2016' ? (
              <Link to={`/plan/${encodeURIComponent(finding.measure.path)}`}>
                {finding.measure.path} {finding.measure.title}
              </Link>
            ) : (
              `${finding.measure.path} ${finding.measure.title}`
            )}
            {' · '}
          </span>
        )}
        {t('inspections.finding.recorded', {
          who: actorName(finding.createdBy),
          when: formatDateTime(finding.createdAt, lang),
        })}
      </div>
      {!open && (
        <div className="pw-insp-closure" data-testid="finding-closure">
          <strong>
            {t('inspections.finding.closedOn', {
              day: formatDay(finding.closedOn, lang),
              who: actorName(finding.closedBy ?? ''),
            })}
          </strong>
          {finding.closureNote && <div>{finding.closureNote}</div>}
        </div>
      )}
      <Typography.Title level={5} className="pw-insp-items-title">
        {t('inspections.finding.items', { count: finding.rectifications.length })}
      </Typography.Title>
      {finding.rectifications.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('inspections.finding.noItems')}
          className="pw-insp-empty"
        />
      ) : (
        <Table<RectificationItem>
          size="small"
          rowKey="id"
          pagination={false}
          columns={columns}
          dataSource={finding.rectifications}
        />
      )}
    </Card>
  );
}
