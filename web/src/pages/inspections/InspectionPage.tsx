/**
 * /inspections/:id: one inspection: when it was held, by whom, its summary;
 * its findings with their rectification items; recording findings,
 * assigning items, marking items done and closing findings, for whoever
 * may. Owners of items whose scope does not reach the inspected unit see the
 * findings they answer (the server shows them only those).
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ActionError } from '../../components/ActionError';
import { actorName, unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import {
  changeInspection,
  inspectionApi,
  type Finding,
  type InspectionDetail,
  type RectificationItem,
} from './api';
import { InspectionStatusTag, SeverityCountTags } from './bits';
import { DoneModal } from './DoneModal';
import { FindingCard } from './FindingCard';
import { CloseFindingModal, FindingModal, RectificationModal } from './FindingModals';
import { grantsAllow, isoDay, orderFindings } from './model';
import { useAllowedOn } from './permissions';
import { useUnitChains } from './useUnitChains';
import { useServerErrors } from './useServerErrors';
import './inspections.css';

export default function InspectionPage() {
  const { id } = useParams<{ id: string }>();
  const inspectionId = Number(id);
  const inspection = useLive<InspectionDetail>(
    Number.isSafeInteger(inspectionId) && inspectionId > 0
      ? inspectionApi.inspection(inspectionId)
      : null,
  );
  if (inspection.error !== undefined)
    return <ErrorState error={inspection.error} onRetry={inspection.reload} />;
  if (!inspection.data) return <Loading />;
  return <InspectionView inspection={inspection.data} reload={inspection.reload} />;
}

function InspectionView({
  inspection,
  reload,
}: {
  inspection: InspectionDetail;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const canWrite = useAllowedOn(
    [inspection.plan.orgUnit.code],
    'inspection:write',
  )(inspection.plan.orgUnit.code);
  const owners = useMemo(
    () => inspection.findings.flatMap((f) => f.rectifications.map((item) => item.ownerUnit.code)),
    [inspection.findings],
  );
  const canReport = useAllowedOn(owners, 'task:report');
  // Known once the inspected unit's chain is: no hint flickers for readers while it loads.
  const { user } = useSession();
  const inspectedChain = useUnitChains([inspection.orgUnit.code]).get(inspection.orgUnit.code);
  const answeredOnly =
    inspectedChain !== undefined &&
    !grantsAllow(user?.roles ?? [], 'read:unpublished', inspectedChain);
  const [addingFinding, setAddingFinding] = useState(false);
  const [itemFor, setItemFor] = useState<Finding | null>(null);
  const [closing, setClosing] = useState<Finding | null>(null);
  const [marking, setMarking] = useState<RectificationItem | null>(null);
  const findings = orderFindings(inspection.findings);
  const unit = unitName(inspection.orgUnit, lang);

  return (
    <div data-testid="inspection-page">
      <Breadcrumb
        className="pw-insp-breadcrumb"
        items={[
          { title: <Link to="/inspections">{t('inspections.title')}</Link> },
          {
            title: (
              <Link to={`/inspections?year=${inspection.plan.year}&plan=${inspection.plan.id}`}>
                {inspection.plan.title}
              </Link>
            ),
          },
          { title: unit },
        ]}
      />
      <div className="pw-page-header pw-insp-header">
        <div>
          <Typography.Title level={2} className="pw-page-title" data-testid="inspection-title">
            {t('inspections.detail.title', { unit, year: inspection.plan.year })}{' '}
            <InspectionStatusTag heldOn={inspection.heldOn} />
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('inspections.detail.subtitle', {
              plan: inspection.plan.title,
              unit: unitName(inspection.plan.orgUnit, lang),
              day: formatDay(inspection.scheduledOn, lang),
            })}
          </Typography.Text>
          {answeredOnly && (
            <div className="pw-muted" data-testid="answered-only">
              {t('inspections.detail.answeredOnly')}
            </div>
          )}
        </div>
        <SeverityCountTags counts={inspection.openFindings} testId="inspection-open" />
      </div>

      <RecordCard inspection={inspection} canWrite={canWrite} onSaved={reload} />

      <div className="pw-insp-findings-header">
        <Typography.Title level={4}>
          {t('inspections.detail.findings', { count: inspection.findings.length })}
        </Typography.Title>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAddingFinding(true)}
            data-testid="add-finding"
          >
            {t('inspections.detail.addFinding')}
          </Button>
        )}
      </div>
      {findings.length === 0 ? (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspections.detail.none')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} className="pw-insp-findings" data-testid="findings">
          {findings.map((finding) => (
            <FindingCard
              key={finding.id}
              finding={finding}
              canWrite={canWrite}
              canReport={canReport}
              onAddItem={setItemFor}
              onClose={setClosing}
              onMarkDone={setMarking}
            />
          ))}
        </Space>
      )}

      <FindingModal
        inspection={inspection}
        open={addingFinding}
        onClose={() => setAddingFinding(false)}
        onAdded={() => {
          setAddingFinding(false);
          void message.success(t('inspections.findingForm.saved'));
          reload();
        }}
      />
      <RectificationModal
        inspection={inspection}
        finding={itemFor}
        onClose={() => setItemFor(null)}
        onAdded={(item) => {
          setItemFor(null);
          void message.success(
            t('inspections.itemForm.saved', { unit: unitName(item.ownerUnit, lang) }),
          );
          reload();
        }}
      />
      <CloseFindingModal
        finding={closing}
        onClose={() => setClosing(null)}
        onClosed={() => {
          setClosing(null);
          void message.success(t('inspections.closeForm.saved'));
          reload();
        }}
      />
      <DoneModal
        item={marking}
        onClose={() => setMarking(null)}
        onDone={(item) => {
          setMarking(null);
          void message.success(t('inspections.done.saved', { title: item.title }));
          reload();
        }}
      />
    </div>
  );
}

interface RecordForm {
  heldOn: Dayjs | null;
  inspectors: string[];
  summary: string;
}

const RECORD_FIELDS = ['heldOn', 'inspectors', 'summary'] as const;

/** When the inspection was held, by whom, and its summary: editable by the inspecting unit. */
function RecordCard({
  inspection,
  canWrite,
  onSaved,
}: {
  inspection: InspectionDetail;
  canWrite: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RecordForm>();
  const [busy, setBusy] = useState(false);
  const errors = useServerErrors(form, RECORD_FIELDS);
  const today = isoDay(new Date());

  // Filled once per inspection and from each save's answer, so reloading the page's data
  // (after a finding is recorded, say) never overwrites what is being typed.
  const fill = useCallback(
    (saved: Pick<InspectionDetail, 'heldOn' | 'inspectors' | 'summary'>) =>
      form.setFieldsValue({
        heldOn: saved.heldOn ? dayjs(saved.heldOn) : null,
        inspectors: saved.inspectors,
        summary: saved.summary,
      }),
    [form],
  );
  const initial = useRef(inspection);
  initial.current = inspection;
  useEffect(() => fill(initial.current), [fill, inspection.id]);

  const submit = async (values: RecordForm) => {
    setBusy(true);
    errors.clear();
    try {
      fill(
        await changeInspection(inspection.id, {
          heldOn: values.heldOn ? values.heldOn.format('YYYY-MM-DD') : null,
          inspectors: values.inspectors.map((name) => name.trim()).filter(Boolean),
          summary: values.summary,
        }),
      );
      void message.success(t('inspections.record.saved'));
      onSaved();
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  if (!canWrite)
    return (
      <Card size="small" className="pw-insp-card" title={t('inspections.record.title')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'held',
              label: t('inspections.record.heldOn'),
              children: inspection.heldOn
                ? formatDay(inspection.heldOn, lang)
                : t('inspections.status.planned'),
            },
            {
              key: 'inspectors',
              label: t('inspections.record.inspectors'),
              children: inspection.inspectors.join(t('inspections.listSeparator')) || '—',
            },
            {
              key: 'summary',
              label: t('inspections.record.summary'),
              children: <span className="pw-insp-note">{inspection.summary || '—'}</span>,
            },
            {
              key: 'by',
              label: t('inspections.record.createdBy'),
              children: actorName(inspection.createdBy),
            },
          ]}
        />
      </Card>
    );

  return (
    <Card
      size="small"
      className="pw-insp-card"
      title={t('inspections.record.title')}
      data-testid="inspection-record"
    >
      {errors.general !== null && <ActionError error={errors.general} testId="record-error" />}
      <Form<RecordForm>
        form={form}
        name="record-form"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
      >
        <Space wrap size={[24, 0]} align="start">
          <Form.Item
            name="heldOn"
            label={t('inspections.record.heldOn')}
            extra={t('inspections.record.heldOnHint')}
          >
            <DatePicker
              disabledDate={(day) =>
                day.year() < inspection.plan.year || day.format('YYYY-MM-DD') > today
              }
              data-testid="record-held-on"
            />
          </Form.Item>
          <Form.Item
            name="inspectors"
            label={t('inspections.record.inspectors')}
            extra={t('inspections.schedule.inspectorsHint')}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              style={{ minWidth: 320 }}
              data-testid="record-inspectors"
            />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label={t('inspections.record.summary')}>
          <Input.TextArea rows={3} maxLength={50_000} data-testid="record-summary" />
        </Form.Item>
        {/* Not a submit button: Enter in the date field confirms the date, it does not save. */}
        <Button
          type="primary"
          loading={busy}
          onClick={() => form.submit()}
          data-testid="record-save"
        >
          {t('inspections.record.save')}
        </Button>
      </Form>
    </Card>
  );
}
