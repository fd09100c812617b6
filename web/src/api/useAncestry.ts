import { useEffect, useState } from 'react';
import type { OrgUnit } from '../../../src/api/contract';
import { api, getJson } from './client';

const ancestorCache = new Map<string, OrgUnit>();

/** The unit and its ancestors, top first (fetched up the parent chain); null while loading. */
export function useAncestry(unit: OrgUnit | undefined): OrgUnit[] | null {
  const [chain, setChain] = useState<{ code: string; units: OrgUnit[] } | null>(null);
  useEffect(() => {
    if (!unit) return;
    const controller = new AbortController();
    const walk = async () => {
      const units = [unit];
      let parent = unit.parentCode;
      while (parent) {
        let row = ancestorCache.get(parent);
        if (!row) {
          row = await getJson<OrgUnit>(api.orgUnit(parent), controller.signal);
          ancestorCache.set(parent, row);
        }
        units.unshift(row);
        parent = row.parentCode;
      }
      return units;
    };
    walk().then(
      (units) => setChain({ code: unit.code, units }),
      () => {
        if (!controller.signal.aborted) setChain({ code: unit.code, units: [unit] });
      },
    );
    return () => controller.abort();
  }, [unit]);
  return unit && chain?.code === unit.code ? chain.units : null;
}
