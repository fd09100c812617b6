import { InboxOutlined } from '@ant-design/icons';
import { Descriptions, Form, Input, Modal, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../../components/ActionError';
import { unitName } from '../../components/roles';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { formatBytes } from '../tasks/format';
import { EVIDENCE_EXTENSIONS, EVIDENCE_LIMITS, evidenceProblems } from '../tasks/model';
import { markDone, type RectificationItem } from './api';
import { useServerErrors } from './useServerErrors';

interface DoneForm {
  note: string;
  evidenceLink?: string;
  evidence?: UploadFile[];
}

const FIELDS = ['note', 'evidenceLink', 'evidence'] as const;

/**
 * The owner unit reports a rectification item done, with a note and evidence:
 * a link, files, or both (the server wants at least one). Files are checked
 * against the server's limits before sending.
 */
export function DoneModal({
  item,
  onClose,
  onDone,
}: {
  item: RectificationItem | null;
  onClose: () => void;
  onDone: (item: RectificationItem) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<DoneForm>();
  const [busy, setBusy] = useState(false);
  const errors = useServerErrors(form, FIELDS);

  const submit = async (values: DoneForm) => {
    if (!item) return;
    setBusy(true);
    errors.clear();
    try {
      const link = values.evidenceLink?.trim();
      const files = (values.evidence ?? []).flatMap((file) =>
        file.originFileObj ? [file.originFileObj] : [],
      );
      const done = await markDone(
        item.id,
        { note: values.note.trim(), evidenceLink: link ? link : null },
        files,
      );
      form.resetFields();
      onDone(done);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={item !== null}
      title={t('inspections.done.title')}
      okText={t('inspections.done.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => {
        errors.clear();
        onClose();
      }}
      destroyOnHidden
      width={620}
    >
      {item && (
        <Descriptions
          size="small"
          column={1}
          className="pw-insp-done-item"
          items={[
            { key: 'title', label: t('inspections.item.title'), children: item.title },
            {
              key: 'owner',
              label: t('inspections.item.owner'),
              children: unitName(item.ownerUnit, lang),
            },
            { key: 'due', label: t('inspections.item.due'), children: formatDay(item.dueOn, lang) },
          ]}
        />
      )}
      {errors.general !== null && <ActionError error={errors.general} testId="done-error" />}
      <Form<DoneForm>
        form={form}
        name="done-form"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
        data-testid="done-form"
      >
        <Form.Item
          name="note"
          label={t('inspections.done.note')}
          rules={[
            { required: true, whitespace: true, message: t('inspections.done.noteRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={20_000} data-testid="done-note" />
        </Form.Item>
        <Form.Item
          name="evidenceLink"
          label={t('inspections.done.evidence')}
          extra={t('inspections.done.evidenceHint')}
          rules={[{ type: 'url', message: t('inspections.done.evidenceUrl') }]}
        >
          <Input placeholder="https://" maxLength={2000} data-testid="done-evidence" />
        </Form.Item>
        <Form.Item
          name="evidence"
          label={t('inspections.done.files')}
          valuePropName="fileList"
          getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList}
          extra={t('inspections.done.filesHint', {
            files: EVIDENCE_LIMITS.maxFiles,
            perFile: formatBytes(EVIDENCE_LIMITS.maxFileBytes, lang),
            total: formatBytes(EVIDENCE_LIMITS.maxTotalBytes, lang),
          })}
          rules={[
            {
              validator: (_, files: UploadFile[] | undefined) => {
                const problems = evidenceProblems(
                  (files ?? []).map((file) => ({ name: file.name, size: file.size ?? 0 })),
                );
                if (problems.length === 0) return Promise.resolve();
                return Promise.reject(
                  new Error(
                    problems
                      .map((problem) =>
                        t(`inspections.done.fileProblem.${problem.kind}`, {
                          file: 'file' in problem ? problem.file : '',
                          max: 'max' in problem ? formatBytes(problem.max, lang) : '',
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
            accept={EVIDENCE_EXTENSIONS.map((extension) => `.${extension}`).join(',')}
            data-testid="done-files"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('inspections.done.filesDrop')}</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
    </Modal>
  );
}
