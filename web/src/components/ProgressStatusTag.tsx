import { CheckCircleFilled, CloseCircleFilled, QuestionCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetProgressView } from '../api/client';
import {
  asStatus,
  finalityKey,
  statusOfItem,
  statusStyle,
  type ProgressStatus,
} from './progressStatus';

const ICONS: Partial<Record<ProgressStatus, ReactNode>> = {
  achieved: <CheckCircleFilled />,
  missed: <CloseCircleFilled />,
  insufficient_data: <QuestionCircleOutlined />,
};

/**
 * A status in its colour and words. Given the target's progress (`item`), the
 * status is its own and the tooltip says whether it can still change.
 */
export function ProgressStatusTag({
  status,
  item,
  testId,
}: {
  status?: string | null;
  item?: TargetProgressView;
  testId?: string;
}) {
  const { t } = useTranslation();
  const known = item ? statusOfItem(item) : asStatus(status);
  const style = statusStyle(known);
  const tag = (
    <Tag
      icon={ICONS[known]}
      className="pw-status-tag"
      data-testid={testId ?? 'status-tag'}
      data-status={known}
      style={{ color: style.text, background: style.background, borderColor: style.border }}
    >
      {t(`progress.status.${known}`)}
    </Tag>
  );
  if (!item) return tag;
  return (
    <Tooltip title={t(finalityKey(item))}>
      <span>{tag}</span>
    </Tooltip>
  );
}

/** A small coloured square, for legends. */
export function StatusSwatch({ color }: { color: string }) {
  return <span aria-hidden className="pw-swatch" style={{ background: color }} />;
}
