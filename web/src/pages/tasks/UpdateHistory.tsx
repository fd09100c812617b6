/**
 * A task's progress updates, newest first: status, percent, narrative, the
 * reason, evidence to download, and the review (accept or query, with a
 * note) for reviewers while it is pending.
 */
import { CheckOutlined, PaperClipOutlined, QuestionOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../../components/ActionError';
import { actorName } from '../../components/roles';
import { formatDateTime } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { reviewUpdate, type TaskUpdate } from './api';
import { TaskStatusTag } from './bits';
import { formatBytes, formatPercent, formatTaskDay } from './format';

type Decision = 'accept' | 'query';

const REVIEW_COLORS: Record<TaskUpdate['reviewState'], string> = {
  pending: 'default',
  accepted: 'success',
  queried: 'warning',
};

function ReviewModal({
  update,
  decision,
  onClose,
  onReviewed,
}: {
  update: TaskUpdate | null;
  decision: Decision;
  onClose: () => void;
  onReviewed: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async ({ note }: { note?: string }) => {
    if (!update) return;
    setBusy(true);
    setError(null);
    try {
      await reviewUpdate(update.id, decision, note?.trim() || null);
      void message.success(t(`tasks.review.done.${decision}`));
      form.resetFields();
      onReviewed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={update !== null}
      title={
        update
          ? t(`tasks.review.title.${decision}`, { day: formatTaskDay(update.reportedOn, lang) })
          : ''
      }
      okText={t(`tasks.review.ok.${decision}`)}
      okButtonProps={{ loading: busy, danger: decision === 'query' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {error !== null && <ActionError error={error} testId="review-error" />}
      <Form<{ note?: string }>
        form={form}
        layout="vertical"
        disabled={busy}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="note"
          label={t('tasks.review.note')}
          extra={decision === 'query' ? t('tasks.review.queryHelp') : undefined}
          rules={
            decision === 'query'
              ? [{ required: true, whitespace: true, message: t('tasks.review.noteRequired') }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={5000} autoFocus data-testid="review-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UpdateItem({
  update,
  canReview,
  onReview,
}: {
  update: TaskUpdate;
  canReview: boolean;
  onReview: (update: TaskUpdate, decision: Decision) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <li className="pw-task-update" data-testid={`update-${update.id}`}>
      <div className="pw-task-update-head">
        <Space wrap size={[8, 4]}>
          <TaskStatusTag status={update.status} />
          <span className="pw-num">{formatPercent(update.percentComplete, lang)}</span>
          <Typography.Text strong>{formatTaskDay(update.reportedOn, lang)}</Typography.Text>
          <Typography.Text type="secondary" className="pw-small">
            {t('tasks.updates.postedBy', {
              user: actorName(update.postedBy),
              at: formatDateTime(update.postedAt, lang),
            })}
          </Typography.Text>
        </Space>
        <Space wrap size={[8, 4]}>
          <Tag color={REVIEW_COLORS[update.reviewState]} data-testid="update-review-state">
            {t(`tasks.review.state.${update.reviewState}`)}
          </Tag>
          {canReview && update.reviewState === 'pending' && (
            <>
              <Button
                size="small"
                icon={<CheckOutlined />}
                onClick={() => onReview(update, 'accept')}
                data-testid={`accept-${update.id}`}
              >
                {t('tasks.review.accept')}
              </Button>
              <Button
                size="small"
                danger
                icon={<QuestionOutlined />}
                onClick={() => onReview(update, 'query')}
                data-testid={`query-${update.id}`}
              >
                {t('tasks.review.query')}
              </Button>
            </>
          )}
        </Space>
      </div>
      {update.reason && (
        <div className="pw-task-update-reason" data-testid="update-reason-text">
          <Typography.Text type="danger" strong>
            {t('tasks.update.reason')}
            {t('common.colon')}
          </Typography.Text>
          {update.reason}
        </div>
      )}
      {update.narrative && (
        <Typography.Paragraph className="pw-task-update-narrative">
          {update.narrative}
        </Typography.Paragraph>
      )}
      {update.evidence.length > 0 && (
        <ul className="pw-task-evidence" data-testid="update-evidence-list">
          {update.evidence.map((file) => (
            <li key={file.id}>
              <PaperClipOutlined />{' '}
              <a href={file.href} download={file.fileName} data-testid={`evidence-${file.id}`}>
                {file.fileName}
              </a>{' '}
              <span className="pw-muted pw-small" title={`SHA-256 ${file.sha256}`}>
                {formatBytes(file.sizeBytes, lang)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {update.reviewedBy && update.reviewState !== 'pending' && (
        <div className="pw-muted pw-small" data-testid="update-review">
          {t(`tasks.review.by.${update.reviewState}`, {
            user: actorName(update.reviewedBy),
            at: formatDateTime(update.reviewedAt, lang),
          })}
          {update.reviewNote ? `${t('common.colon')}${update.reviewNote}` : ''}
        </div>
      )}
    </li>
  );
}

export function UpdateHistory({
  updates,
  canReview,
  onReviewed,
}: {
  updates: readonly TaskUpdate[];
  canReview: boolean;
  onReviewed: () => void;
}) {
  const { t } = useTranslation();
  const [reviewing, setReviewing] = useState<{ update: TaskUpdate; decision: Decision } | null>(
    null,
  );
  if (updates.length === 0) return <Empty description={t('tasks.updates.none')} />;
  return (
    <>
      <ol className="pw-task-updates" data-testid="update-history">
        {updates.map((update) => (
          <UpdateItem
            key={update.id}
            update={update}
            canReview={canReview}
            onReview={(u, decision) => setReviewing({ update: u, decision })}
          />
        ))}
      </ol>
      <ReviewModal
        update={reviewing?.update ?? null}
        decision={reviewing?.decision ?? 'accept'}
        onClose={() => setReviewing(null)}
        onReviewed={() => {
          setReviewing(null);
          onReviewed();
        }}
      />
    </>
  );
}
