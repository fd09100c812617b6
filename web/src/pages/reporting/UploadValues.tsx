import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Modal, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, sendFile } from '../../api/client';
import type { ImportReport } from '../../../../src/services/import/engine';
import { ActionError } from '../../components/ActionError';

/**
 * Uploads a filled template (or any CSV, SDMX-CSV or Excel file of values)
 * for one unit: first a dry run that shows what would change or every
 * problem, then the import itself, all or nothing.
 */
export function UploadValues({ orgUnit, onImported }: { orgUnit: string; onImported: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async (chosen: File) => {
    setFile(chosen);
    setPreview(null);
    setError(null);
    setBusy(true);
    try {
      setPreview(await sendFile<ImportReport>(api.importFile(chosen.name, orgUnit, true), chosen));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      await sendFile<ImportReport>(api.importFile(file.name, orgUnit, false), file);
      setFile(null);
      onImported();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(null);
    setPreview(null);
    setError(null);
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".xlsx,.csv,text/csv"
        hidden
        data-testid="upload-input"
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          event.target.value = '';
          if (chosen) void check(chosen);
        }}
      />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} data-testid="upload">
        {t('report.upload')}
      </Button>
      <Modal
        open={file !== null}
        title={t('report.uploadTitle', { name: file?.name ?? '' })}
        okText={t('report.uploadConfirm')}
        okButtonProps={{ disabled: preview === null, loading: busy }}
        onOk={() => void confirm()}
        onCancel={close}
        data-testid="upload-dialog"
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {error !== null && <ActionError error={error} testId="upload-error" />}
          {preview && (
            <>
              <Alert type="info" showIcon message={t('report.uploadChecked')} />
              <Descriptions size="small" column={2} data-testid="upload-preview">
                <Descriptions.Item label={t('report.uploadRows')}>{preview.rows}</Descriptions.Item>
                <Descriptions.Item label={t('report.uploadCreated')}>
                  {preview.created}
                </Descriptions.Item>
                <Descriptions.Item label={t('report.uploadUpdated')}>
                  {preview.updated}
                </Descriptions.Item>
                <Descriptions.Item label={t('report.uploadUnchanged')}>
                  {preview.unchanged}
                </Descriptions.Item>
                <Descriptions.Item label={t('report.uploadMissing')}>
                  {preview.missing}
                </Descriptions.Item>
              </Descriptions>
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}
