/** "Run evaluation": the year and the cut-off day (today by default); errors from the server in the dialog. */
import { Alert, DatePicker, Form, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../../components/ActionError';
import { runEvaluation, type EvaluationRanking, type EvaluationRunSummary } from './api';
import { defaultRunYear, isoDay, runnableYears } from './model';

interface RunForm {
  year: number;
  cutoffOn: Dayjs;
}

export function RunEvaluationModal({
  open,
  shownYear,
  runs,
  onClose,
  onDone,
}: {
  open: boolean;
  /** The year on screen: the default. */
  shownYear: number | null;
  /** The runs the manager sees, to say what a new run does to them. */
  runs: readonly EvaluationRunSummary[];
  onClose: () => void;
  onDone: (ranking: EvaluationRanking) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RunForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const today = new Date();
  const year = Form.useWatch('year', form) ?? defaultRunYear(shownYear, today.getFullYear());
  const published = runs.some((run) => run.year === year && run.status === 'published');
  const draft = runs.some((run) => run.year === year && run.status === 'draft');

  const submit = async (values: RunForm) => {
    setBusy(true);
    setError(null);
    try {
      const ranking = await runEvaluation(values.year, {
        cutoffOn: values.cutoffOn.format('YYYY-MM-DD'),
      });
      onDone(ranking);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('evaluation.runModal.title')}
      okText={t('evaluation.runModal.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      width={560}
    >
      {error !== null && (
        <ActionError
          error={error}
          titles={{ 409: t('evaluation.runModal.conflict') }}
          testId="run-error"
        />
      )}
      <Form<RunForm>
        form={form}
        name="run-form"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        initialValues={{
          year: defaultRunYear(shownYear, today.getFullYear()),
          cutoffOn: dayjs(isoDay(today)),
        }}
        onFinish={(values) => void submit(values)}
        data-testid="run-form"
      >
        <Form.Item
          name="year"
          label={t('evaluation.runModal.year')}
          rules={[{ required: true, message: t('evaluation.runModal.required') }]}
        >
          <Select<number>
            options={runnableYears(today.getFullYear()).map((value) => ({
              value,
              label: String(value),
            }))}
            style={{ width: 120 }}
            data-testid="run-year"
          />
        </Form.Item>
        <Form.Item
          name="cutoffOn"
          label={t('evaluation.runModal.cutoff')}
          extra={t('evaluation.runModal.cutoffHint')}
          rules={[{ required: true, message: t('evaluation.runModal.required') }]}
        >
          <DatePicker format="YYYY-MM-DD" allowClear={false} data-testid="run-cutoff" />
        </Form.Item>
      </Form>
      {(published || draft) && (
        <Alert
          type={published ? 'warning' : 'info'}
          showIcon
          title={t(published ? 'evaluation.runModal.published' : 'evaluation.runModal.replaces', {
            year,
          })}
          data-testid="run-note"
        />
      )}
    </Modal>
  );
}
