import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/client';
import { ActionError } from '../../components/ActionError';
import { SubtreeUnitSelect } from '../inspections/SubtreeUnitSelect';
import { importLocalPlan, type LocalPlanImportResult, type LocalPlanSummary } from './api';
import { importProblems, offsetOf, PLAN_CODE_PATTERN, type TextProblem } from './model';

interface ImportForm {
  code: string;
  ownerUnit: string;
  alignsTo: string;
  title?: string;
  text: string;
}

const FIELDS = ['code', 'ownerUnit', 'alignsTo', 'title', 'text'] as const;
/** Plain text only: the server reads UTF-8 (a .txt saved as GBK shows as replacement characters). */
const ACCEPT = '.txt,text/plain';
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Imports a unit's own plan: its text pasted or read from a .txt file, the
 * owner unit (where the user manages tasks), the plan it follows. Problems
 * the importer finds in the text are listed beside it with line and column;
 * clicking one selects the place in the text.
 */
export function ImportPlanForm({
  managedUnits,
  parentPlans,
  onImported,
  onCancel,
}: {
  managedUnits: readonly string[];
  /** Plans a local plan can follow (the national ones). */
  parentPlans: readonly LocalPlanSummary[];
  onImported: (result: LocalPlanImportResult) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ImportForm>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<unknown>(null);
  const [textProblems, setTextProblems] = useState<TextProblem[]>([]);
  /** The text the problems were found in: their lines are shown from it. */
  const [checkedText, setCheckedText] = useState('');
  const [fileNote, setFileNote] = useState<{ name: string; garbled: boolean } | null>(null);
  const textArea = useRef<TextAreaRef>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const lines = useMemo(() => checkedText.split('\n'), [checkedText]);

  const submit = async (values: ImportForm) => {
    setBusy(true);
    setGeneral(null);
    setTextProblems([]);
    try {
      const title = values.title?.trim();
      onImported(
        await importLocalPlan({
          code: values.code.trim(),
          ownerUnit: values.ownerUnit,
          alignsTo: values.alignsTo,
          ...(title ? { title } : {}),
          text: values.text,
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiRequestError)) {
        setGeneral(error);
        return;
      }
      const problems = importProblems(error.details, FIELDS);
      form.setFields(
        problems.fields.map(({ name, errors }) => ({ name: name as keyof ImportForm, errors })),
      );
      setCheckedText(values.text);
      setTextProblems(problems.text);
      setGeneral(
        new ApiRequestError(error.url, error.status, error.code, error.message, problems.rest),
      );
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File) => {
    const text = await file.text();
    form.setFieldValue('text', text);
    setFileNote({ name: file.name, garbled: text.includes(REPLACEMENT_CHARACTER) });
  };

  const select = (problem: TextProblem) => {
    const element = textArea.current?.resizableTextArea?.textArea;
    if (!element) return;
    const text = element.value;
    const start = offsetOf(text, problem.line, problem.column);
    const lineEnd = text.indexOf('\n', start);
    element.focus();
    element.setSelectionRange(start, lineEnd < 0 ? text.length : lineEnd);
    // Brings the selected line into view: the caret's line at the lines' average height.
    const lineHeight = element.scrollHeight / Math.max(text.split('\n').length, 1);
    element.scrollTop = Math.max(0, (problem.line - 3) * lineHeight);
  };

  return (
    <Form<ImportForm>
      form={form}
      name="import-form"
      layout="vertical"
      requiredMark={false}
      disabled={busy}
      initialValues={{ ownerUnit: managedUnits[0], alignsTo: parentPlans[0]?.code }}
      onFinish={(values) => void submit(values)}
      data-testid="import-form"
    >
      {general !== null && <ActionError error={general} testId="import-error" />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="code"
            label={t('localPlans.import.code')}
            extra={t('localPlans.import.codeHint')}
            rules={[
              { required: true, message: t('localPlans.import.required') },
              { pattern: PLAN_CODE_PATTERN, message: t('localPlans.import.codeRule') },
            ]}
          >
            <Input placeholder="hb-info-2017" autoComplete="off" data-testid="import-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="ownerUnit"
            label={t('localPlans.import.owner')}
            extra={t('localPlans.import.ownerHint')}
            rules={[{ required: true, message: t('localPlans.import.required') }]}
          >
            <SubtreeUnitSelect roots={managedUnits} testId="import-owner" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="alignsTo"
            label={t('localPlans.import.follows')}
            rules={[{ required: true, message: t('localPlans.import.required') }]}
          >
            <Select<string>
              options={parentPlans.map((plan) => ({ value: plan.code, label: plan.title }))}
              popupMatchSelectWidth={false}
              data-testid="import-follows"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="title"
        label={t('localPlans.import.title')}
        extra={t('localPlans.import.titleHint')}
      >
        <Input maxLength={500} data-testid="import-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} lg={textProblems.length > 0 ? 14 : 24}>
          <Form.Item
            name="text"
            label={
              <Space>
                <span>{t('localPlans.import.text')}</span>
                <Button
                  size="small"
                  icon={<UploadOutlined />}
                  onClick={() => fileInput.current?.click()}
                  data-testid="import-upload"
                >
                  {t('localPlans.import.upload')}
                </Button>
              </Space>
            }
            extra={t('localPlans.import.textHint')}
            rules={[{ required: true, message: t('localPlans.import.textRequired') }]}
          >
            <Input.TextArea
              ref={textArea}
              rows={16}
              className="pw-align-plan-text"
              placeholder={t('localPlans.import.textPlaceholder')}
              data-testid="import-text"
            />
          </Form.Item>
          <input
            ref={fileInput}
            type="file"
            accept={ACCEPT}
            style={{ display: 'none' }}
            data-testid="import-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void readFile(file);
            }}
          />
          {fileNote && (
            <Alert
              type={fileNote.garbled ? 'warning' : 'info'}
              showIcon
              className="pw-form-alert"
              title={
                fileNote.garbled
                  ? t('localPlans.import.fileGarbled', { name: fileNote.name })
                  : t('localPlans.import.fileRead', { name: fileNote.name })
              }
            />
          )}
        </Col>
        {textProblems.length > 0 && (
          <Col xs={24} lg={10}>
            <div className="pw-align-problems" data-testid="import-text-problems">
              <Typography.Text strong type="danger">
                {t('localPlans.import.problems', { count: textProblems.length })}
              </Typography.Text>
              <ol>
                {textProblems.map((problem, index) => (
                  <li key={index} data-line={problem.line}>
                    <button
                      type="button"
                      className="pw-align-problem"
                      onClick={() => select(problem)}
                    >
                      <span className="pw-align-problem-place">
                        {problem.column === null
                          ? t('localPlans.import.line', { line: problem.line })
                          : t('localPlans.import.lineColumn', {
                              line: problem.line,
                              column: problem.column,
                            })}
                      </span>
                      <code className="pw-align-problem-line">{lines[problem.line - 1] ?? ''}</code>
                      <span className="pw-align-problem-message">{problem.message}</span>
                    </button>
                  </li>
                ))}
              </ol>
            </div>
          </Col>
        )}
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="import-submit">
          {t('localPlans.import.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
