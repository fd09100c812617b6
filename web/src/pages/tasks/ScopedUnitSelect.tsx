import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type OrgUnit, type OrgUnitList } from '../../api/client';
import { useApiAll } from '../../api/useApi';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';

/**
 * Picks units within the user's scope: the given units and the units directly
 * below them (a province's prefectures, the nation's provinces and
 * departments), searchable by name or code.
 */
export function ScopedUnitSelect({
  roots,
  includeRoots = true,
  multiple = false,
  value,
  onChange,
  id,
  testId,
}: {
  roots: readonly string[];
  /** Offer the root units themselves, not only the units below them. */
  includeRoots?: boolean;
  multiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const rootUnits = useApiAll<OrgUnit>(includeRoots ? roots.map((code) => api.orgUnit(code)) : []);
  const children = useApiAll<OrgUnitList>(
    roots.map((code) => api.orgUnits({ parent: code, limit: 1000 })),
  );
  const options = useMemo(() => {
    const seen = new Set<string>();
    const units: OrgUnit[] = [];
    for (const unit of [
      ...(rootUnits.data ?? []),
      ...(children.data ?? []).flatMap((list) => list.items),
    ]) {
      if (seen.has(unit.code)) continue;
      seen.add(unit.code);
      units.push(unit);
    }
    return units.map((unit) => ({
      value: unit.code,
      label: `${unitName(unit, lang)} (${unit.code})`,
    }));
  }, [rootUnits.data, children.data, lang]);
  const loading = rootUnits.loading || children.loading;

  return (
    <Select<string | string[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={multiple}
      value={value}
      onChange={(next) => onChange?.(next)}
      options={options}
      loading={loading}
      placeholder={t('tasks.form.unitPlaceholder')}
      notFoundContent={loading ? t('common.loading') : t('orgUnit.none')}
      popupMatchSelectWidth={false}
      data-testid={testId}
      style={{ width: '100%', minWidth: 220 }}
    />
  );
}
