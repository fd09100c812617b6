/** The dialogs of an inspection's findings: record one, assign a rectification item, close one. */
import { Alert, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../../src/api/contract';
import { api, DEFAULT_PLAN } from '../../api/client';
import { useApi } from '../../api/useApi';
import { ActionError } from '../../components/ActionError';
import { unitName } from '../../components/roles';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { measureGroups } from '../alignment/model';
import {
  addFinding,
  addRectification,
  closeFinding,
  type Finding,
  type FindingSeverity,
  type InspectionDetail,
  type RectificationItem,
} from './api';
import { SEVERITIES, SEVERITY_COLORS } from './model';
import { SubtreeUnitSelect } from './SubtreeUnitSelect';
import { useServerErrors } from './useServerErrors';

interface FindingForm {
  severity: FindingSeverity;
  description: string;
  measure?: string;
}

const FINDING_FIELDS = ['severity', 'description', 'measure'] as const;

export function FindingModal({
  inspection,
  open,
  onClose,
  onAdded,
}: {
  inspection: InspectionDetail;
  open: boolean;
  onClose: () => void;
  onAdded: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FindingForm>();
  const [busy, setBusy] = useState(false);
  const errors = useServerErrors(form, FINDING_FIELDS);
  const plan = useApi<Plan>(open ? api.plan(DEFAULT_PLAN) : null);
  const groups = useMemo(() => measureGroups(plan.data?.tree ?? []), [plan.data]);

  const submit = async (values: FindingForm) => {
    setBusy(true);
    errors.clear();
    try {
      const finding = await addFinding(inspection.id, {
        severity: values.severity,
        description: values.description.trim(),
        measure: values.measure ? { plan: DEFAULT_PLAN, path: values.measure } : null,
      });
      form.resetFields();
      onAdded(finding);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('inspections.findingForm.title')}
      okText={t('inspections.findingForm.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => {
        errors.clear();
        onClose();
      }}
      destroyOnHidden
      width={680}
    >
      {errors.general !== null && <ActionError error={errors.general} testId="finding-error" />}
      <Form<FindingForm>
        form={form}
        name="finding-form"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        initialValues={{ severity: 'major' }}
        onFinish={(values) => void submit(values)}
        data-testid="finding-form"
      >
        <Form.Item name="severity" label={t('inspections.findingForm.severity')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="finding-severity">
            {SEVERITIES.map((severity) => (
              <Radio.Button key={severity} value={severity} data-severity={severity}>
                <span className={`pw-insp-dot pw-insp-dot-${SEVERITY_COLORS[severity]}`} />
                {t(`inspections.severity.${severity}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="description"
          label={t('inspections.findingForm.description')}
          rules={[
            { required: true, whitespace: true, message: t('inspections.findingForm.required') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={20_000} data-testid="finding-description" />
        </Form.Item>
        <Form.Item
          name="measure"
          label={t('inspections.findingForm.measure')}
          extra={t('inspections.findingForm.measureHint')}
        >
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={plan.loading}
            placeholder={t('inspections.findingForm.measurePlaceholder')}
            options={groups.map((group) => ({
              label: `${group.section.path} ${group.section.title}`,
              title: group.section.path,
              options: group.measures.map((measure) => ({
                value: measure.path,
                label: `${measure.path} ${measure.title}`,
              })),
            }))}
            popupMatchSelectWidth={false}
            data-testid="finding-measure"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ItemForm {
  title: string;
  ownerUnit: string;
  dueOn: Dayjs;
}

const ITEM_FIELDS = ['title', 'ownerUnit', 'dueOn'] as const;

/** Assigns a rectification item to a unit within the inspected unit, due on or after the inspection day. */
export function RectificationModal({
  inspection,
  finding,
  onClose,
  onAdded,
}: {
  inspection: InspectionDetail;
  finding: Finding | null;
  onClose: () => void;
  onAdded: (item: RectificationItem) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<ItemForm>();
  const [busy, setBusy] = useState(false);
  const errors = useServerErrors(form, ITEM_FIELDS);
  const day = inspection.heldOn ?? inspection.scheduledOn;

  const submit = async (values: ItemForm) => {
    if (!finding) return;
    setBusy(true);
    errors.clear();
    try {
      const item = await addRectification(finding.id, {
        title: values.title.trim(),
        ownerUnit: values.ownerUnit,
        dueOn: values.dueOn.format('YYYY-MM-DD'),
      });
      form.resetFields();
      onAdded(item);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={finding !== null}
      title={t('inspections.itemForm.title')}
      okText={t('inspections.itemForm.submit')}
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
      {finding && <p className="pw-insp-modal-context">{finding.description}</p>}
      {errors.general !== null && <ActionError error={errors.general} testId="item-error" />}
      <Form<ItemForm>
        form={form}
        name="item-form"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
        data-testid="item-form"
      >
        <Form.Item
          name="title"
          label={t('inspections.itemForm.itemTitle')}
          rules={[
            { required: true, whitespace: true, message: t('inspections.itemForm.required') },
          ]}
        >
          <Input maxLength={1000} data-testid="item-title" />
        </Form.Item>
        <Form.Item
          name="ownerUnit"
          label={t('inspections.itemForm.owner')}
          extra={t('inspections.itemForm.ownerHint', {
            unit: unitName(inspection.orgUnit, lang),
          })}
          rules={[{ required: true, message: t('inspections.itemForm.required') }]}
        >
          <SubtreeUnitSelect roots={[inspection.orgUnit.code]} testId="item-owner" />
        </Form.Item>
        <Form.Item
          name="dueOn"
          label={t('inspections.itemForm.due')}
          extra={t('inspections.itemForm.dueHint', { day: formatDay(day, lang) })}
          rules={[{ required: true, message: t('inspections.itemForm.required') }]}
        >
          <DatePicker
            disabledDate={(date) => date.isBefore(dayjs(day), 'day')}
            data-testid="item-due"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Closes a finding with a note; while items are open the server refuses and names them. */
export function CloseFindingModal({
  finding,
  onClose,
  onClosed,
}: {
  finding: Finding | null;
  onClose: () => void;
  onClosed: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const openItems = finding?.rectifications.filter((item) => item.status === 'open') ?? [];

  const dismiss = () => {
    setError(null);
    setNote('');
    onClose();
  };

  const submit = async () => {
    if (!finding) return;
    setBusy(true);
    setError(null);
    try {
      const closed = await closeFinding(finding.id, note.trim());
      setNote('');
      onClosed(closed);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={finding !== null}
      title={t('inspections.closeForm.title')}
      okText={t('inspections.closeForm.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, disabled: note.trim() === '' }}
      onOk={() => void submit()}
      onCancel={dismiss}
      destroyOnHidden
      width={620}
    >
      {finding && <p className="pw-insp-modal-context">{finding.description}</p>}
      {openItems.length > 0 && error === null && (
        <Alert
          type="warning"
          showIcon
          className="pw-form-alert"
          title={t('inspections.closeForm.openItems', { count: openItems.length })}
        />
      )}
      {error !== null && (
        <ActionError
          error={error}
          titles={{ 409: t('inspections.closeForm.refused') }}
          testId="close-error"
        />
      )}
      <label htmlFor="close-note" className="pw-insp-label">
        {t('inspections.closeForm.note')}
      </label>
      <Input.TextArea
        id="close-note"
        rows={3}
        value={note}
        maxLength={20_000}
        onChange={(event) => setNote(event.target.value)}
        data-testid="close-note"
      />
    </Modal>
  );
}
