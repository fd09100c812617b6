import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type OrgUnit, type OrgUnitList } from '../api/client';
import { useApi, useApiAll } from '../api/useApi';
import { useLang } from '../useLang';
import { unitName } from './roles';

/** The units offered before anything is typed: the nation, the provinces and the departments. */
const DEFAULT_LISTS = [
  api.orgUnits({ level: 'nation' }),
  api.orgUnits({ level: 'province' }),
  api.orgUnits({ level: 'department' }),
];

/** Picks an org unit by name or code (the API's search), for role grants. */
export function OrgUnitSelect({
  value,
  onChange,
  testId,
  id,
}: {
  value?: string;
  onChange?: (code: string) => void;
  testId?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(typed.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const defaults = useApiAll<OrgUnitList>(DEFAULT_LISTS);
  const found = useApi<OrgUnitList>(search ? api.orgUnits({ q: search, limit: 30 }) : null);
  const units: OrgUnit[] = useMemo(
    () => (search ? (found.data?.items ?? []) : (defaults.data ?? []).flatMap((l) => l.items)),
    [search, found.data, defaults.data],
  );

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      value={value}
      onChange={(code) => {
        setTyped('');
        onChange?.(code);
      }}
      placeholder={t('orgUnit.placeholder')}
      loading={search ? found.loading : defaults.loading}
      notFoundContent={
        (search ? found.loading : defaults.loading) ? t('common.loading') : t('orgUnit.none')
      }
      options={units.map((u) => ({
        value: u.code,
        label: `${unitName(u, lang)} (${u.code})`,
      }))}
      data-testid={testId}
      popupMatchSelectWidth={false}
      style={{ minWidth: 220 }}
    />
  );
}
