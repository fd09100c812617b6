/**
 * "New task" under a measure, "Break down" a task into a sub-task for a unit
 * below its lead unit, or "Edit" a task (naming the version seen: a stale one
 * is refused with 409): title, measure, lead unit and participants within the
 * user's scope, dates, milestones (reached or not), deliverables and
 * indicators. The server's errors show under the fields they name.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  Row,
  Select,
  Space,
  Typography,
  type DatePickerProps,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan, PlanNodeTree } from '../../../../src/api/contract';
import type { TaskChange, TaskCreate } from '../../../../src/api/tasks-contract';
import { api, DEFAULT_PLAN, type IndicatorList } from '../../api/client';
import { useApi } from '../../api/useApi';
import { ActionError } from '../../components/ActionError';
import { indicatorName } from '../../components/indicatorBits';
import { useLang } from '../../useLang';
import dayjs from 'dayjs';
import { changeTask, createTask, type TaskDetail, type TaskSummary } from './api';
import { formatTaskDay } from './format';
import { isoDay } from './model';
import { ScopedUnitSelect } from './ScopedUnitSelect';
import { useFormErrors } from './useFormErrors';

/** A calendar day as the date picker hands it over (dayjs, without importing it). */
type Day = Parameters<NonNullable<DatePickerProps['disabledDate']>>[0];

interface TaskFormValues {
  title: string;
  description?: string;
  measure?: string;
  leadUnit: string;
  participants?: string[];
  startOn: Day;
  dueOn: Day;
  /** `doneOn` keeps the day a milestone was reached; `reached` is the box (when editing). */
  milestones?: { title: string; dueOn: Day; reached?: boolean; doneOn?: string | null }[];
  deliverables?: string[];
  indicators?: string[];
}

const FIELDS = {
  title: 'leaf',
  description: 'leaf',
  measure: 'leaf',
  leadUnit: 'leaf',
  participants: 'leaf',
  startOn: 'leaf',
  dueOn: 'leaf',
  milestones: 'list',
  deliverables: 'list',
  indicators: 'leaf',
} as const;

const toIso = (day: Day) => day.format('YYYY-MM-DD');

/** The plan's measures in text order, as "III.3.3 title". */
export function planMeasures(tree: readonly PlanNodeTree[]): PlanNodeTree[] {
  const measures: PlanNodeTree[] = [];
  const walk = (nodes: readonly PlanNodeTree[]) => {
    for (const node of nodes) {
      if (node.kind === 'measure') measures.push(node);
      walk(node.children);
    }
  };
  walk(tree);
  return measures;
}

/** The change a filled edit form asks for, with the version it was filled from. */
function changeOf(task: TaskDetail, values: TaskFormValues): TaskChange {
  const today = isoDay(new Date());
  return {
    version: task.version,
    title: values.title.trim(),
    description: values.description?.trim() ?? '',
    leadUnit: values.leadUnit,
    participants: values.participants ?? [],
    startOn: toIso(values.startOn),
    dueOn: toIso(values.dueOn),
    milestones: (values.milestones ?? []).map((m) => ({
      title: m.title.trim(),
      dueOn: toIso(m.dueOn),
      // A milestone keeps the day it was reached; one ticked now is reached today.
      doneOn: m.reached ? (m.doneOn ?? today) : null,
    })),
    deliverables: (values.deliverables ?? []).map((d) => d.trim()),
    indicators: values.indicators ?? [],
  };
}

export function TaskFormDrawer({
  open,
  onClose,
  onSaved,
  parent,
  editing,
  measure,
  units,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (task: TaskDetail) => void;
  /** Breaking down this task: the sub-task takes its measure and goes to a unit below its lead unit. */
  parent?: TaskSummary;
  /** Changing this task. */
  editing?: TaskDetail;
  /** The measure to start with (a new task from a measure's page). */
  measure?: string;
  /** Where the user may assign tasks (a new top-level task). */
  units: readonly string[];
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<TaskFormValues>();
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(form, FIELDS);
  const mode = editing ? 'edit' : parent ? 'subTask' : 'new';
  const plan = useApi<Plan>(open && mode === 'new' ? api.plan(DEFAULT_PLAN) : null);
  const indicators = useApi<IndicatorList>(open ? api.indicators(DEFAULT_PLAN) : null);
  const measures = useMemo(() => planMeasures(plan.data?.tree ?? []), [plan.data]);
  // A sub-task's lead unit is chosen within the unit that assigned it.
  const roots = editing
    ? editing.parentTaskId !== null
      ? [editing.assignedBy.code]
      : units
    : parent
      ? [parent.leadUnit.code]
      : units;
  const initialValues: Partial<TaskFormValues> = editing
    ? {
        title: editing.title,
        description: editing.description,
        leadUnit: editing.leadUnit.code,
        participants: editing.participants.map((u) => u.code),
        startOn: dayjs(editing.startOn),
        dueOn: dayjs(editing.dueOn),
        milestones: editing.milestones.map((m) => ({
          title: m.title,
          dueOn: dayjs(m.dueOn),
          reached: m.doneOn !== null,
          doneOn: m.doneOn,
        })),
        deliverables: editing.deliverables,
        indicators: editing.indicators,
      }
    : { measure, milestones: [], deliverables: [] };
  const start = Form.useWatch('startOn', form);

  const submit = async (values: TaskFormValues) => {
    setBusy(true);
    errors.clear();
    if (editing) {
      await save(() => changeTask(editing.id, changeOf(editing, values)));
      return;
    }
    const body: TaskCreate = {
      plan: parent?.plan ?? DEFAULT_PLAN,
      ...(parent ? { parentTaskId: parent.id } : { measure: values.measure }),
      title: values.title.trim(),
      description: values.description?.trim() ?? '',
      leadUnit: values.leadUnit,
      participants: values.participants ?? [],
      startOn: toIso(values.startOn),
      dueOn: toIso(values.dueOn),
      milestones: (values.milestones ?? []).map((m) => ({
        title: m.title.trim(),
        dueOn: toIso(m.dueOn),
      })),
      deliverables: (values.deliverables ?? []).map((d) => d.trim()),
      indicators: values.indicators ?? [],
    };
    await save(() => createTask(body));
  };

  const save = async (send: () => Promise<TaskDetail>) => {
    try {
      const saved = await send();
      form.resetFields();
      onSaved(saved);
    } catch (error) {
      errors.apply(error);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    errors.clear();
    onClose();
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      size={680}
      destroyOnHidden
      title={
        editing
          ? t('tasks.form.editTitle', { title: editing.title })
          : parent
            ? t('tasks.form.breakDownTitle', { title: parent.title })
            : t('tasks.form.newTitle')
      }
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid="task-form-submit"
          >
            {t(`tasks.form.submit.${mode}`)}
          </Button>
        </Space>
      }
    >
      <div data-testid="task-form">
        {errors.general !== null && (
          <ActionError
            error={errors.general}
            titles={{ 403: t('tasks.form.forbidden'), 409: t('tasks.form.conflict') }}
            testId="task-form-error"
          />
        )}
        {parent && (
          <Typography.Paragraph type="secondary" data-testid="task-form-parent">
            {t('tasks.form.parentHint', {
              measure: `${parent.measure.path} ${parent.measure.title}`,
              start: formatTaskDay(parent.startOn, lang),
              due: formatTaskDay(parent.dueOn, lang),
            })}
          </Typography.Paragraph>
        )}
        <Form<TaskFormValues>
          form={form}
          name={editing ? 'edit-task' : parent ? 'sub-task' : 'new-task'}
          layout="vertical"
          disabled={busy}
          initialValues={initialValues}
          onFinish={(values) => void submit(values)}
        >
          <Form.Item
            name="title"
            label={t('tasks.field.title')}
            rules={[{ required: true, whitespace: true, message: t('tasks.form.titleRequired') }]}
          >
            <Input maxLength={500} data-testid="task-form-title" />
          </Form.Item>
          {mode === 'new' && (
            <Form.Item
              name="measure"
              label={t('tasks.field.measure')}
              rules={[{ required: true, message: t('tasks.form.measureRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={plan.loading}
                options={measures.map((m) => ({ value: m.path, label: `${m.path} ${m.title}` }))}
                placeholder={t('tasks.form.measurePlaceholder')}
                popupMatchSelectWidth={false}
                data-testid="task-form-measure"
              />
            </Form.Item>
          )}
          <Form.Item name="description" label={t('tasks.field.description')}>
            <Input.TextArea rows={3} maxLength={20_000} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="leadUnit"
                label={t('tasks.field.leadUnit')}
                extra={parent ? t('tasks.form.leadUnitBelow') : t('tasks.form.leadUnitScope')}
                rules={[{ required: true, message: t('tasks.form.leadUnitRequired') }]}
              >
                <ScopedUnitSelect roots={roots} testId="task-form-lead-unit" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="participants" label={t('tasks.field.participants')}>
                <ScopedUnitSelect roots={roots} multiple testId="task-form-participants" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="startOn"
                label={t('tasks.field.startOn')}
                rules={[{ required: true, message: t('tasks.form.startRequired') }]}
              >
                <DatePicker format="YYYY-MM-DD" data-testid="task-form-start" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="dueOn"
                label={t('tasks.field.dueOn')}
                dependencies={['startOn']}
                rules={[
                  { required: true, message: t('tasks.form.dueRequired') },
                  ({ getFieldValue }) => ({
                    validator: (_, value: Day | undefined) => {
                      const from = getFieldValue('startOn') as Day | undefined;
                      return value && from && value.isBefore(from, 'day')
                        ? Promise.reject(new Error(t('tasks.form.dueBeforeStart')))
                        : Promise.resolve();
                    },
                  }),
                ]}
              >
                <DatePicker
                  format="YYYY-MM-DD"
                  disabledDate={(day) => (start ? day.isBefore(start, 'day') : false)}
                  data-testid="task-form-due"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('tasks.field.milestones')} className="pw-task-form-list">
            <Form.List name="milestones">
              {(items, { add, remove }) => (
                <>
                  {items.map((item) => (
                    <Space key={item.key} align="baseline" className="pw-task-form-list-row">
                      <Form.Item
                        name={[item.name, 'title']}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('tasks.form.milestoneTitleRequired'),
                          },
                        ]}
                      >
                        <Input
                          placeholder={t('tasks.form.milestoneTitle')}
                          maxLength={500}
                          style={{ width: 340 }}
                          data-testid={`milestone-title-${item.name}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[item.name, 'dueOn']}
                        rules={[{ required: true, message: t('tasks.form.milestoneDueRequired') }]}
                      >
                        <DatePicker
                          format="YYYY-MM-DD"
                          placeholder={t('tasks.form.milestoneDue')}
                          data-testid={`milestone-due-${item.name}`}
                        />
                      </Form.Item>
                      {editing && (
                        <Form.Item name={[item.name, 'reached']} valuePropName="checked">
                          <Checkbox data-testid={`milestone-reached-${item.name}`}>
                            {t('tasks.form.milestoneReached')}
                          </Checkbox>
                        </Form.Item>
                      )}
                      <Form.Item name={[item.name, 'doneOn']} hidden>
                        <Input />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('tasks.form.remove')}
                        onClick={() => remove(item.name)}
                      />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add()}
                    data-testid="add-milestone"
                  >
                    {t('tasks.form.addMilestone')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item label={t('tasks.field.deliverables')} className="pw-task-form-list">
            <Form.List name="deliverables">
              {(items, { add, remove }) => (
                <>
                  {items.map((item) => (
                    <Space key={item.key} align="baseline" className="pw-task-form-list-row">
                      <Form.Item
                        name={item.name}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('tasks.form.deliverableRequired'),
                          },
                        ]}
                      >
                        <Input maxLength={1000} style={{ width: 520 }} />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('tasks.form.remove')}
                        onClick={() => remove(item.name)}
                      />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                    {t('tasks.form.addDeliverable')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="indicators" label={t('tasks.field.indicators')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={indicators.loading}
              options={(indicators.data?.items ?? []).map((i) => ({
                value: i.code,
                label: indicatorName(i, lang),
              }))}
              placeholder={t('tasks.form.indicatorsPlaceholder')}
            />
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
