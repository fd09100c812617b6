import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { unitName } from '../../components/roles';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import type { FindingSeverity, InspectionUnitRef, RectificationItem, SeverityCounts } from './api';
import { SEVERITIES, SEVERITY_COLORS } from './model';

export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity]} data-severity={severity}>
      {t(`inspections.severity.${severity}`)}
    </Tag>
  );
}

/** Open findings by severity: a coloured count per severity, "none" when all are zero. */
export function SeverityCountTags({ counts, testId }: { counts: SeverityCounts; testId?: string }) {
  const { t } = useTranslation();
  const shown = SEVERITIES.filter((severity) => counts[severity] > 0);
  return (
    <span className="pw-insp-counts" data-testid={testId}>
      {shown.length === 0 ? (
        <span className="pw-muted">{t('inspections.noOpenFindings')}</span>
      ) : (
        shown.map((severity) => (
          <Tooltip key={severity} title={t(`inspections.severity.${severity}`)}>
            <Tag
              color={SEVERITY_COLORS[severity]}
              data-severity={severity}
              className="pw-insp-count"
            >
              {t(`inspections.severityCount.${severity}`, { count: counts[severity] })}
            </Tag>
          </Tooltip>
        ))
      )}
    </span>
  );
}

/** A unit's name in the UI language with its code. */
export function UnitLabel({ unit }: { unit: InspectionUnitRef }) {
  const lang = useLang();
  return (
    <span>
      {unitName(unit, lang)} <span className="pw-muted pw-small">{unit.code}</span>
    </span>
  );
}

export function InspectionStatusTag({ heldOn }: { heldOn: string | null }) {
  const { t } = useTranslation();
  return heldOn === null ? (
    <Tag color="blue" data-status="planned">
      {t('inspections.status.planned')}
    </Tag>
  ) : (
    <Tag color="green" data-status="held">
      {t('inspections.status.held')}
    </Tag>
  );
}

/** An item's state: done (when), overdue, or open. */
export function ItemStatusTag({ item }: { item: RectificationItem }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (item.status === 'done')
    return (
      <Tag color="green" data-status="done">
        {t('inspections.item.doneOn', { day: formatDay(item.doneOn, lang) })}
      </Tag>
    );
  if (item.overdue)
    return (
      <Tag color="red" data-status="overdue">
        {t('inspections.item.overdue')}
      </Tag>
    );
  return (
    <Tag color="processing" data-status="open">
      {t('inspections.item.open')}
    </Tag>
  );
}
