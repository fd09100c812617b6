import { Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../../components/ActionError';
import { createPlan, type InspectionPlanDetail } from './api';
import { SubtreeUnitSelect } from './SubtreeUnitSelect';
import { useServerErrors } from './useServerErrors';

interface PlanForm {
  year: number;
  title: string;
  orgUnit: string;
  description?: string;
}

const FIELDS = ['year', 'title', 'orgUnit', 'description'] as const;

/** A new inspection plan for a year, by a unit where the user may inspect. */
export function PlanFormModal({
  open,
  year,
  inspectingUnits,
  onClose,
  onCreated,
}: {
  open: boolean;
  year: number;
  /** Units where the user holds inspection:write (each with its subtree). */
  inspectingUnits: readonly string[];
  onClose: () => void;
  onCreated: (plan: InspectionPlanDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanForm>();
  const [busy, setBusy] = useState(false);
  const errors = useServerErrors(form, FIELDS);

  const submit = async (values: PlanForm) => {
    setBusy(true);
    errors.clear();
    try {
      const plan = await createPlan({
        year: values.year,
        title: values.title.trim(),
        orgUnit: values.orgUnit,
        description: values.description?.trim() ?? '',
      });
      form.resetFields();
      onCreated(plan);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('inspections.planForm.title')}
      okText={t('inspections.planForm.create')}
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
      {errors.general !== null && <ActionError error={errors.general} testId="plan-form-error" />}
      <Form<PlanForm>
        form={form}
        name="plan-form"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        initialValues={{ year, orgUnit: inspectingUnits[0] }}
        onFinish={(values) => void submit(values)}
        data-testid="plan-form"
      >
        <Form.Item
          name="year"
          label={t('inspections.planForm.year')}
          rules={[{ required: true, message: t('inspections.planForm.yearRequired') }]}
        >
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('inspections.planForm.planTitle')}
          rules={[
            { required: true, whitespace: true, message: t('inspections.planForm.required') },
          ]}
        >
          <Input
            maxLength={500}
            placeholder={t('inspections.planForm.titlePlaceholder', { year })}
            data-testid="plan-title"
          />
        </Form.Item>
        <Form.Item
          name="orgUnit"
          label={t('inspections.planForm.inspectingUnit')}
          extra={t('inspections.planForm.inspectingUnitHint')}
          rules={[{ required: true, message: t('inspections.planForm.required') }]}
        >
          <SubtreeUnitSelect roots={inspectingUnits} testId="plan-unit" />
        </Form.Item>
        <Form.Item name="description" label={t('inspections.planForm.description')}>
          <Input.TextArea rows={3} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
