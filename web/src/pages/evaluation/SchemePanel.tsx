/** The year's scheme as people read it: the weights and every "input → points" row in the UI language. */
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLive } from '../../api/useApi';
import { ErrorState, Loading } from '../../components/states';
import { useLang } from '../../useLang';
import { evaluationApi, type EvaluationComponentKey, type EvaluationSchemeView } from './api';
import { ComponentName } from './bits';
import { COMPONENTS } from './model';

type SchemeRow = EvaluationSchemeView['description']['en'][number];

export function SchemePanel({ year, runVersion }: { year: number; runVersion: number | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const scheme = useLive<EvaluationSchemeView>(evaluationApi.scheme(year));

  const body = () => {
    if (scheme.error !== undefined) return <ErrorState error={scheme.error} inline />;
    if (!scheme.data) return <Loading />;
    const { current, stored, description } = scheme.data;
    const order = (key: EvaluationComponentKey) => COMPONENTS.indexOf(key);
    const sorted = (lang === 'en' ? description.en : description.zh)
      .map((row, index) => ({ ...row, index }))
      .sort((a, b) => order(a.component) - order(b.component) || a.index - b.index);
    // The component's name once, over all its rows.
    const span = (at: number) => {
      const row = sorted[at];
      if (!row || sorted[at - 1]?.component === row.component) return 0;
      let end = at;
      while (sorted[end + 1]?.component === row.component) end += 1;
      return end - at + 1;
    };
    return (
      <>
        <div className="pw-eval-weights" data-testid="scheme-weights">
          {COMPONENTS.map((key) => (
            <Tag key={key} className="pw-eval-weight">
              <ComponentName component={key} />{' '}
              <strong className="pw-num">
                {t('evaluation.pointsValue', { value: current.weights[key] })}
              </strong>
            </Tag>
          ))}
        </div>
        {!stored && (
          <Typography.Paragraph type="secondary" className="pw-small">
            {t('evaluation.scheme.default')}
          </Typography.Paragraph>
        )}
        {runVersion !== null && runVersion !== current.version && (
          <Typography.Paragraph type="warning" className="pw-small" data-testid="scheme-newer">
            {t('evaluation.scheme.newer', { run: runVersion, current: current.version })}
          </Typography.Paragraph>
        )}
        <Table<SchemeRow & { index: number }>
          size="small"
          pagination={false}
          rowKey="index"
          dataSource={sorted}
          columns={[
            {
              key: 'component',
              title: t('evaluation.scheme.component'),
              width: 120,
              render: (_, row) => <ComponentName component={row.component} />,
              onCell: (_, index) => ({ rowSpan: span(index ?? 0) }),
            },
            {
              key: 'input',
              title: t('evaluation.scheme.input'),
              dataIndex: 'input',
              width: '36%',
            },
            { key: 'points', title: t('evaluation.scheme.points'), dataIndex: 'points' },
          ]}
          data-testid="scheme-rows"
        />
      </>
    );
  };

  return (
    <Card
      size="small"
      className="pw-eval-card"
      title={
        scheme.data
          ? t('evaluation.scheme.title', { year, version: scheme.data.current.version })
          : t('evaluation.scheme.titleLoading', { year })
      }
      data-testid="scheme-panel"
    >
      {body()}
    </Card>
  );
}
