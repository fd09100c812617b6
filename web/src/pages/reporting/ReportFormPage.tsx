import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Input,
  Modal,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, sendJson, type FindingView, type FormView } from '../../api/client';
import { useLive } from '../../api/useApi';
import { ActionError } from '../../components/ActionError';
import { actorName, unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime, formatDay } from '../../format/dateTime';
import { formatPeriod } from '../../format/periodLabel';
import { useLang } from '../../useLang';
import { EntryGrid } from './EntryGrid';
import { UploadValues } from './UploadValues';
import { changesToSave, checkGrid, initialCells, type CellText } from './gridModel';

export const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'magenta',
};

export const STATUS_COLORS: Record<string, string> = {
  on_time: 'green',
  late: 'orange',
  returned: 'magenta',
  overdue: 'red',
  not_due: 'blue',
  not_open: 'default',
};

type ReasonAction = 'return' | 'unlock';

export default function ReportFormPage() {
  const { dataSet = '', orgUnit = '', period = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const live = useLive<FormView>(api.form(dataSet, orgUnit, period));
  const [cells, setCells] = useState<Map<string, CellText>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reasonFor, setReasonFor] = useState<ReasonAction | null>(null);
  const [reason, setReason] = useState('');
  const form = live.data;

  useEffect(() => {
    if (form) setCells(initialCells(form));
  }, [form]);

  const check = useMemo(
    () =>
      form
        ? checkGrid(form, cells)
        : { cellProblems: new Map(), findings: [], blocking: [], severityByRow: new Map() },
    [form, cells],
  );
  const changes = useMemo(() => (form ? changesToSave(form, cells) : []), [form, cells]);

  if (live.error && !form) return <ErrorState error={live.error} onRetry={live.reload} />;
  if (!form) return <Loading />;

  const replace = (next: FormView) => live.update(() => next);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const base = { orgUnit: form.orgUnit.code, period: form.period };
  const save = async (): Promise<FormView | null> => {
    if (check.cellProblems.size > 0) {
      setError(new Error(t('report.fixCells', { count: check.cellProblems.size })));
      return null;
    }
    if (changes.length === 0) return form;
    const saved = await sendJson<FormView>('PUT', api.form(dataSet, orgUnit, period), {
      values: changes,
    });
    replace(saved);
    return saved;
  };
  const onSave = () =>
    run(async () => {
      const saved = await save();
      if (saved) void message.success(t('report.saved'));
    });
  const onSubmit = () =>
    run(async () => {
      const saved = await save();
      if (!saved) return;
      replace(await sendJson<FormView>('POST', api.submit(dataSet), base));
      void message.success(t('report.submitted'));
    });
  const onApprove = () =>
    run(async () => {
      await sendJson('POST', api.approve(dataSet), { items: [base] });
      live.reload();
      void message.success(t('report.approved'));
    });
  const onReason = () =>
    run(async () => {
      const url = reasonFor === 'unlock' ? api.unlock(dataSet) : api.returnSubmission(dataSet);
      replace(await sendJson<FormView>('POST', url, { ...base, reason }));
      setReasonFor(null);
      setReason('');
      void message.success(t(reasonFor === 'unlock' ? 'report.unlocked' : 'report.returned'));
    });

  const submission = form.submission;
  const stepIndex =
    submission.state === 'approved'
      ? submission.path.length + 1
      : submission.state === 'submitted'
        ? submission.approvedLevels + 1
        : 0;
  const editable = form.permissions.edit;
  const dirty = changes.length > 0;
  const blockingCount = check.blocking.length + check.cellProblems.size;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {lang === 'en' ? form.dataSet.nameEn : form.dataSet.nameZh}
        </Typography.Title>
        <Space wrap>
          <Typography.Text strong data-testid="form-unit">
            {unitName(form.orgUnit, lang)} ({form.orgUnit.code})
          </Typography.Text>
          <Typography.Text>{formatPeriod(form.period, t)}</Typography.Text>
          <Tag color={STATE_COLORS[submission.state]} data-testid="form-state">
            {t(`report.state.${submission.state}`)}
          </Tag>
          <Tag color={STATUS_COLORS[form.reportingStatus]} data-testid="form-timeliness">
            {t(`report.status.${form.reportingStatus}`)}
          </Tag>
          <Link to="/report">{t('report.otherForm')}</Link>
        </Space>
      </div>

      <Card size="small">
        <Steps
          size="small"
          current={stepIndex}
          status={submission.state === 'returned' ? 'error' : undefined}
          items={[
            { title: t('report.step.report') },
            ...submission.path.map((level) => ({ title: t(`report.level.${level}`) })),
          ]}
          data-testid="approval-steps"
        />
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('report.window')}>
            {formatDay(form.window.opensOn, lang)} – {formatDay(form.window.closesOn, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('report.firstSubmitted')}>
            {submission.firstSubmittedAt ? formatDateTime(submission.firstSubmittedAt, lang) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('report.awaiting')}>
            {submission.awaitedLevel ? t(`report.level.${submission.awaitedLevel}`) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {submission.state === 'returned' && submission.reason && (
        <Alert
          type="warning"
          showIcon
          message={t('report.returnedBecause', { actor: actorName(submission.updatedBy ?? '') })}
          description={submission.reason}
          data-testid="return-reason"
        />
      )}

      {error !== null && <ActionError error={error} />}

      <Space wrap>
        {editable && (
          <Button onClick={() => void onSave()} loading={busy} disabled={!dirty} data-testid="save">
            {t('report.save')}
          </Button>
        )}
        {form.permissions.submit && (
          <Button
            type="primary"
            onClick={() => void onSubmit()}
            loading={busy}
            disabled={blockingCount > 0}
            data-testid="submit"
          >
            {t('report.submit')}
          </Button>
        )}
        {form.permissions.approve && (
          <Button
            type="primary"
            onClick={() => void onApprove()}
            loading={busy}
            data-testid="approve"
          >
            {t('report.approve', {
              level: t(`report.level.${submission.awaitedLevel ?? 'nation'}`),
            })}
          </Button>
        )}
        {form.permissions.return && (
          <Button danger onClick={() => setReasonFor('return')} data-testid="return">
            {t('report.return')}
          </Button>
        )}
        {form.permissions.unlock && (
          <Button danger onClick={() => setReasonFor('unlock')} data-testid="unlock">
            {t('report.unlock')}
          </Button>
        )}
        <Button
          href={api.template(dataSet, orgUnit, period, lang === 'en' ? 'en' : 'zh')}
          data-testid="template"
        >
          {t('report.template')}
        </Button>
        {editable && <UploadValues orgUnit={form.orgUnit.code} onImported={live.reload} />}
        {editable && (
          <Typography.Text type="secondary" data-testid="save-state">
            {dirty ? t('report.unsaved', { count: changes.length }) : t('report.allSaved')}
          </Typography.Text>
        )}
      </Space>

      <EntryGrid
        form={form}
        cells={cells}
        check={check}
        editable={editable}
        onChange={setCells}
        onPasteOverflow={(overflow) =>
          void message.warning(t('report.pasteOverflow', { count: overflow }))
        }
      />

      <Findings
        findings={check.findings}
        blocking={check.blocking}
        cellProblems={check.cellProblems.size}
      />

      {submission.events.length > 0 && (
        <Card size="small" title={t('report.history')}>
          <Timeline
            items={submission.events.map((event) => ({
              color: event.action === 'return' || event.action === 'unlock' ? 'red' : 'blue',
              children: (
                <span>
                  {formatDateTime(event.at, lang)} · {actorName(event.actor)} ·{' '}
                  {t(`report.event.${event.action}`, {
                    level: event.level ? t(`report.levelInSentence.${event.level}`) : '',
                  })}
                  {event.reason ? `: ${event.reason}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      )}

      <Modal
        open={reasonFor !== null}
        title={reasonFor === 'unlock' ? t('report.unlockTitle') : t('report.returnTitle')}
        okText={reasonFor === 'unlock' ? t('report.unlock') : t('report.return')}
        okButtonProps={{
          danger: true,
          disabled: reason.trim() === '',
          loading: busy,
          'data-testid': 'reason-ok',
        }}
        onOk={() => void onReason()}
        onCancel={() => setReasonFor(null)}
      >
        <Typography.Paragraph>{t('report.reasonHelp')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-label={t('report.reason')}
          data-testid="reason"
        />
      </Modal>
    </Space>
  );
}

function Findings({
  findings,
  blocking,
  cellProblems,
}: {
  findings: readonly FindingView[];
  blocking: readonly FindingView[];
  cellProblems: number;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const blockingSet = new Set(blocking);
  if (findings.length === 0 && cellProblems === 0) {
    return (
      <Alert
        type="success"
        showIcon
        message={t('report.allChecksPass')}
        data-testid="checks-pass"
      />
    );
  }
  return (
    <Card
      size="small"
      title={t('report.checks', { count: findings.length })}
      data-testid="findings"
    >
      {cellProblems > 0 && (
        <Alert
          type="error"
          showIcon
          message={t('report.fixCells', { count: cellProblems })}
          style={{ marginBottom: 8 }}
        />
      )}
      <ul className="pw-findings">
        {findings.map((finding, index) => (
          <li
            key={index}
            className={`pw-finding-${finding.severity}`}
            data-testid={`finding-${finding.check}`}
          >
            <Tag color={finding.severity === 'error' ? 'red' : 'orange'}>
              {t(`report.severity.${finding.severity}`)}
            </Tag>
            {lang === 'en' ? finding.message.en : finding.message.zh}
            {finding.severity === 'warning' && (
              <Typography.Text type="secondary">
                {' '}
                {blockingSet.has(finding) ? t('report.needsComment') : t('report.explained')}
              </Typography.Text>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
