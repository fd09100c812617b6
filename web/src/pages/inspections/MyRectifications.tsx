import { CheckOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { unitName } from '../../components/roles';
import { ErrorState } from '../../components/states';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { inspectionApi, type FindingList, type RectificationItem } from './api';
import { ItemStatusTag, SeverityTag, UnitLabel } from './bits';
import { DoneModal } from './DoneModal';
import { answerableItems, type AnswerableItem } from './model';
import { useAllowedOn } from './permissions';

/**
 * The open rectification items the user's units are to answer (task:report
 * on the owner unit), from findings of any year, with "mark done". Owners
 * see these even when the inspected unit (often their parent) is outside
 * their scope.
 */
export function MyRectifications({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const findings = useLive<FindingList>(inspectionApi.openFindings());
  const owners = useMemo(
    () =>
      (findings.data?.items ?? []).flatMap((finding) =>
        finding.rectifications.map((item) => item.ownerUnit.code),
      ),
    [findings.data],
  );
  const canReport = useAllowedOn(owners, 'task:report');
  const rows = useMemo(
    () => answerableItems(findings.data?.items ?? [], canReport),
    [findings.data, canReport],
  );
  const [marking, setMarking] = useState<RectificationItem | null>(null);

  const columns: ColumnsType<AnswerableItem> = [
    {
      key: 'item',
      title: t('inspections.item.title'),
      render: (_, { item }) => <strong>{item.title}</strong>,
    },
    {
      key: 'finding',
      title: t('inspections.mine.finding'),
      render: (_, { finding }) => (
        <div className="pw-insp-mine-finding">
          <SeverityTag severity={finding.severity} />
          <Typography.Text ellipsis={{ tooltip: finding.description }} style={{ maxWidth: 320 }}>
            {finding.description}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'inspection',
      title: t('inspections.mine.inspection'),
      render: (_, { finding }) => (
        <Link to={`/inspections/${finding.inspection.id}`}>
          {t('inspections.mine.inspectionOf', {
            unit: unitName(finding.inspection.orgUnit, lang),
            year: finding.inspection.year,
          })}
        </Link>
      ),
    },
    {
      key: 'owner',
      title: t('inspections.item.owner'),
      render: (_, { item }) => <UnitLabel unit={item.ownerUnit} />,
    },
    {
      key: 'due',
      title: t('inspections.item.due'),
      render: (_, { item }) => (
        <span className={item.overdue ? 'pw-insp-overdue' : undefined}>
          {formatDay(item.dueOn, lang)}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('inspections.item.status'),
      render: (_, { item }) => <ItemStatusTag item={item} />,
    },
    {
      key: 'action',
      title: '',
      align: 'right',
      render: (_, { item }) => (
        <Button
          size="small"
          type="primary"
          ghost
          icon={<CheckOutlined />}
          onClick={() => setMarking(item)}
          data-testid={`mark-done-${item.id}`}
        >
          {t('inspections.item.markDone')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      size="small"
      className="pw-insp-card"
      data-testid="my-items"
      title={t('inspections.mine.title', { count: rows.length })}
    >
      {findings.error !== undefined ? (
        <ErrorState error={findings.error} onRetry={findings.reload} inline />
      ) : (
        <Table<AnswerableItem>
          size="small"
          rowKey={({ item }) => item.id}
          loading={findings.loading && !findings.data}
          pagination={false}
          columns={columns}
          dataSource={rows}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('inspections.mine.none')}
              />
            ),
          }}
        />
      )}
      <DoneModal
        item={marking}
        onClose={() => setMarking(null)}
        onDone={(item) => {
          setMarking(null);
          void message.success(t('inspections.done.saved', { title: item.title }));
          findings.reload();
          onChanged();
        }}
      />
    </Card>
  );
}
