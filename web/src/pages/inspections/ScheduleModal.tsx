import { DatePicker, Form, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../../components/ActionError';
import { scheduleInspection, type InspectionDetail, type InspectionPlanSummary } from './api';
import { SubtreeUnitSelect } from './SubtreeUnitSelect';
import { useServerErrors } from './useServerErrors';

interface ScheduleForm {
  orgUnit: string;
  scheduledOn: Dayjs;
  inspectors?: string[];
}

const FIELDS = ['orgUnit', 'scheduledOn', 'inspectors'] as const;

/** Schedules the inspection of a unit within the plan's inspecting unit, on a day of its year. */
export function ScheduleModal({
  plan,
  onClose,
  onScheduled,
}: {
  plan: InspectionPlanSummary | null;
  onClose: () => void;
  onScheduled: (inspection: InspectionDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ScheduleForm>();
  const [busy, setBusy] = useState(false);
  const errors = useServerErrors(form, FIELDS);

  const submit = async (values: ScheduleForm) => {
    if (!plan) return;
    setBusy(true);
    errors.clear();
    try {
      const inspection = await scheduleInspection(plan.id, {
        orgUnit: values.orgUnit,
        scheduledOn: values.scheduledOn.format('YYYY-MM-DD'),
        inspectors: (values.inspectors ?? []).map((name) => name.trim()).filter(Boolean),
      });
      form.resetFields();
      onScheduled(inspection);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={plan !== null}
      title={plan ? t('inspections.schedule.title', { plan: plan.title }) : ''}
      okText={t('inspections.schedule.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => {
        errors.clear();
        onClose();
      }}
      destroyOnHidden
      width={600}
    >
      {errors.general !== null && <ActionError error={errors.general} testId="schedule-error" />}
      {plan && (
        <Form<ScheduleForm>
          form={form}
          name="schedule-form"
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          onFinish={(values) => void submit(values)}
          data-testid="schedule-form"
        >
          <Form.Item
            name="orgUnit"
            label={t('inspections.schedule.unit')}
            extra={t('inspections.schedule.unitHint')}
            rules={[{ required: true, message: t('inspections.schedule.required') }]}
          >
            <SubtreeUnitSelect roots={[plan.orgUnit.code]} testId="schedule-unit" />
          </Form.Item>
          <Form.Item
            name="scheduledOn"
            label={t('inspections.schedule.day')}
            extra={t('inspections.schedule.dayHint', { year: plan.year })}
            rules={[{ required: true, message: t('inspections.schedule.required') }]}
          >
            <DatePicker
              defaultPickerValue={dayjs(`${plan.year}-01-01`)}
              disabledDate={(day) => day.year() !== plan.year}
              data-testid="schedule-day"
            />
          </Form.Item>
          <Form.Item
            name="inspectors"
            label={t('inspections.schedule.inspectors')}
            extra={t('inspections.schedule.inspectorsHint')}
          >
            <Select mode="tags" open={false} suffixIcon={null} data-testid="schedule-inspectors" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
