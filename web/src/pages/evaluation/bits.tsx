/** Small pieces the evaluation pages share: status, changes, component names, unit links. */
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';
import type { EvaluationComponentKey, EvaluationRunStatusName, RankingRow } from './api';
import { COMPONENT_COLORS, formatPointsChange, rankMove } from './model';

export function RunStatusTag({ status }: { status: EvaluationRunStatusName }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'published' ? 'green' : 'gold'} data-status={status}>
      {t(`evaluation.status.${status}`)}
    </Tag>
  );
}

/** ▲3, ▼1, "=" or "—" (not ranked the year before), with the words on hover. */
export function RankChange({ change }: { change: number | null }) {
  const { t } = useTranslation();
  const move = rankMove(change);
  const count = Math.abs(change ?? 0);
  const text =
    move === 'up' ? `▲${count}` : move === 'down' ? `▼${count}` : move === 'same' ? '=' : '—';
  return (
    <Tooltip title={t(`evaluation.rankMove.${move}`, { count })}>
      <span className={`pw-eval-move pw-eval-move-${move}`} data-move={move}>
        {text}
      </span>
    </Tooltip>
  );
}

/** The change in total against the previous published year, signed; "—" when there is none. */
export function TotalChange({ change }: { change: number | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (change === null)
    return (
      <Tooltip title={t('evaluation.rankMove.none')}>
        <span className="pw-muted">—</span>
      </Tooltip>
    );
  const move = rankMove(Number(change.toFixed(2)) === 0 ? 0 : Math.sign(change));
  return <span className={`pw-num pw-eval-move-${move}`}>{formatPointsChange(change, lang)}</span>;
}

export function ComponentName({ component }: { component: EvaluationComponentKey }) {
  const { t } = useTranslation();
  return (
    <span className="pw-eval-component">
      <span
        aria-hidden
        className="pw-eval-swatch"
        style={{ background: COMPONENT_COLORS[component] }}
      />
      {t(`evaluation.component.${component}`)}
    </span>
  );
}

/** The unit's name in the UI language, linking to its scorecard. */
export function UnitLink({ row, year }: { row: RankingRow; year: number }) {
  const lang = useLang();
  return (
    <Link
      to={`/evaluation/${year}/units/${encodeURIComponent(row.unit.code)}`}
      data-testid={`scorecard-link-${row.unit.code}`}
    >
      {unitName(row.unit, lang)}
    </Link>
  );
}

/** The change of rank and of total against the previous published year, as two labelled figures. */
export function ChangeFigures({ row }: { row: Pick<RankingRow, 'rankChange' | 'totalChange'> }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="pw-eval-figure">
        <div className="pw-muted">{t('evaluation.table.rankChange')}</div>
        <div className="pw-eval-figure-value">
          <RankChange change={row.rankChange} />
        </div>
      </div>
      <div className="pw-eval-figure">
        <div className="pw-muted">{t('evaluation.table.totalChange')}</div>
        <div className="pw-eval-figure-value">
          <TotalChange change={row.totalChange} />
        </div>
      </div>
    </>
  );
}
