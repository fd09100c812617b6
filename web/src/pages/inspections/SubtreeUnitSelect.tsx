import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type OrgUnit, type OrgUnitList } from '../../api/client';
import { useApi, useApiAll } from '../../api/useApi';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';

const NATION = 'CN';

/**
 * Picks a unit within the subtrees of `roots`: offers the roots and the units
 * directly below them, and finds others by name or code (a found unit is
 * offered when it lies at most two levels below a root, or anywhere under
 * the nation). The server checks the subtree again.
 */
export function SubtreeUnitSelect({
  roots,
  includeRoots = true,
  value,
  onChange,
  id,
  testId,
  placeholder,
}: {
  roots: readonly string[];
  includeRoots?: boolean;
  value?: string;
  onChange?: (code: string) => void;
  id?: string;
  testId?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  // A unit chosen from search results keeps its label once the search is cleared.
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(typed.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const rootUnits = useApiAll<OrgUnit>(includeRoots ? roots.map((code) => api.orgUnit(code)) : []);
  const children = useApiAll<OrgUnitList>(
    roots.map((code) => api.orgUnits({ parent: code, limit: 1000 })),
  );
  const found = useApi<OrgUnitList>(search ? api.orgUnits({ q: search, limit: 50 }) : null);

  const options = useMemo(() => {
    const below = (children.data ?? []).flatMap((list) => list.items);
    const near = new Set([...roots, ...below.map((unit) => unit.code)]);
    const inside = (unit: OrgUnit) =>
      roots.includes(NATION) ||
      roots.includes(unit.code) ||
      (unit.parentCode !== null && near.has(unit.parentCode));
    const units = search
      ? (found.data?.items ?? []).filter(
          (unit) => inside(unit) && (includeRoots || !roots.includes(unit.code)),
        )
      : [...(rootUnits.data ?? []), ...below];
    const seen = new Set<string>();
    const list = units
      .filter((unit) => !seen.has(unit.code) && Boolean(seen.add(unit.code)))
      .map((unit) => ({ value: unit.code, label: `${unitName(unit, lang)} (${unit.code})` }));
    return picked && !seen.has(picked.value) ? [picked, ...list] : list;
  }, [roots, includeRoots, search, found.data, rootUnits.data, children.data, lang, picked]);
  const loading = search ? found.loading : rootUnits.loading || children.loading;

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      value={value}
      onChange={(code) => {
        const chosen = options.find((option) => option.value === code);
        if (chosen) setPicked(chosen);
        setTyped('');
        onChange?.(code);
      }}
      options={options}
      loading={loading}
      placeholder={placeholder ?? t('orgUnit.placeholder')}
      notFoundContent={loading ? t('common.loading') : t('orgUnit.none')}
      popupMatchSelectWidth={false}
      data-testid={testId}
      style={{ minWidth: 240 }}
    />
  );
}
