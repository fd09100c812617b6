/**
 * "Post update": status, percent complete, narrative, a reason when the task
 * is at risk or delayed (asked for, and only then), and evidence files sent
 * with the update (not uploaded on their own). Limits are shown and checked
 * before sending; the server's refusals show under the fields they name.
 */
import { InboxOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiRequestError } from '../../api/client';
import { ActionError } from '../../components/ActionError';
import { useLang } from '../../useLang';
import { postUpdate, type TaskStatus, type TaskSummary, type TaskUpdate } from './api';
import { formatBytes } from './format';
import {
  EVIDENCE_EXTENSIONS,
  EVIDENCE_LIMITS,
  evidenceProblems,
  needsReason,
  STATUS_TAG_COLORS,
  TASK_STATUSES,
} from './model';
import { useFormErrors } from './useFormErrors';

interface UpdateValues {
  status: TaskStatus;
  percentComplete: number;
  narrative?: string;
  reason?: string;
  evidence?: UploadFile[];
}

const FIELDS = {
  status: 'leaf',
  percentComplete: 'leaf',
  narrative: 'leaf',
  reason: 'leaf',
  reportedOn: 'leaf',
  evidence: 'leaf',
} as const;

/** Refused uploads (too large, too many) are the file field's problem. */
const tooLargeOnEvidence = (error: ApiRequestError) =>
  error.status === 413 ? [{ name: ['evidence'], errors: [error.message] }] : [];

export function UpdateForm({
  task,
  onPosted,
  onCancel,
}: {
  task: TaskSummary;
  onPosted: (update: TaskUpdate) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<UpdateValues>();
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(form, FIELDS, tooLargeOnEvidence);
  const status = Form.useWatch('status', form);
  const reasonNeeded = needsReason(status);

  const submit = async (values: UpdateValues) => {
    setBusy(true);
    errors.clear();
    const files = (values.evidence ?? []).flatMap((f) =>
      f.originFileObj ? [f.originFileObj] : [],
    );
    try {
      const posted = await postUpdate(
        task.id,
        {
          status: values.status,
          percentComplete: values.percentComplete,
          narrative: values.narrative?.trim() ?? '',
          reason: needsReason(values.status) ? (values.reason?.trim() ?? null) : null,
        },
        files,
      );
      form.resetFields();
      void message.success(t('tasks.update.posted'));
      onPosted(posted);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  const limits = t('tasks.update.limits', {
    perFile: formatBytes(EVIDENCE_LIMITS.maxFileBytes, lang),
    total: formatBytes(EVIDENCE_LIMITS.maxTotalBytes, lang),
    files: EVIDENCE_LIMITS.maxFiles,
    types: t('tasks.update.types'),
  });

  return (
    <div data-testid="update-form">
      {errors.general !== null && (
        <ActionError
          error={errors.general}
          titles={{ 403: t('tasks.update.forbidden'), 413: t('tasks.update.tooLargeTitle') }}
          testId="update-error"
        />
      )}
      <Form<UpdateValues>
        form={form}
        name="task-update"
        layout="vertical"
        disabled={busy}
        initialValues={{
          status: task.status,
          percentComplete: task.percentComplete,
          evidence: [],
        }}
        onValuesChange={(changed: Partial<UpdateValues>) => {
          // "Done" means all of it.
          if (changed.status === 'done') form.setFieldValue('percentComplete', 100);
        }}
        onFinish={(values) => void submit(values)}
      >
        <Space wrap size="large" align="start">
          <Form.Item
            name="status"
            label={t('tasks.field.status')}
            rules={[{ required: true, message: t('tasks.update.statusRequired') }]}
          >
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="update-status">
              {TASK_STATUSES.map((s) => (
                <Radio.Button
                  key={s}
                  value={s}
                  className={`pw-status-choice pw-status-choice-${STATUS_TAG_COLORS[s]}`}
                >
                  {/* The radio input itself is hidden: tests and labels aim at the text. */}
                  <span data-testid={`update-status-${s}`}>{t(`tasks.status.${s}`)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="percentComplete"
            label={t('tasks.field.percent')}
            rules={[{ required: true, message: t('tasks.update.percentRequired') }]}
          >
            <InputNumber<number>
              min={0}
              max={100}
              step={5}
              precision={0}
              suffix="%"
              style={{ width: 110 }}
              data-testid="update-percent"
            />
          </Form.Item>
        </Space>
        {reasonNeeded && (
          <Form.Item
            name="reason"
            label={t('tasks.update.reason')}
            extra={t('tasks.update.reasonWhy')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('tasks.update.reasonRequired', {
                  status: t(`tasks.status.${status}`),
                }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={5000} showCount data-testid="update-reason" />
          </Form.Item>
        )}
        <Form.Item name="narrative" label={t('tasks.update.narrative')}>
          <Input.TextArea rows={4} maxLength={20_000} data-testid="update-narrative" />
        </Form.Item>
        <Form.Item
          name="evidence"
          label={t('tasks.update.evidence')}
          valuePropName="fileList"
          getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList}
          extra={limits}
          rules={[
            {
              validator: (_, files: UploadFile[] | undefined) => {
                const problems = evidenceProblems(
                  (files ?? []).map((f) => ({ name: f.name, size: f.size ?? 0 })),
                );
                if (problems.length === 0) return Promise.resolve();
                return Promise.reject(
                  new Error(
                    problems
                      .map((p) =>
                        t(`tasks.update.problem.${p.kind}`, {
                          file: 'file' in p ? p.file : '',
                          max: 'max' in p ? formatBytes(p.max, lang) : '',
                          count: EVIDENCE_LIMITS.maxFiles,
                        }),
                      )
                      .join(' '),
                  ),
                );
              },
            },
          ]}
        >
          <Upload.Dragger
            multiple
            beforeUpload={() => false}
            accept={EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(',')}
            data-testid="update-evidence"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('tasks.update.evidenceDrop')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="update-submit">
            {t('tasks.update.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}
