import { useEffect, useMemo, useState } from 'react';
import { api, getJson, type OrgUnit } from '../../api/client';

const unitCache = new Map<string, Promise<OrgUnit>>();

/** Shared between callers, so never aborted: an org unit is a small answer. */
function unit(code: string): Promise<OrgUnit> {
  let pending = unitCache.get(code);
  if (!pending) {
    pending = getJson<OrgUnit>(api.orgUnit(code));
    // A failed look-up is tried again next time.
    pending.catch(() => unitCache.delete(code));
    unitCache.set(code, pending);
  }
  return pending;
}

async function chainOf(code: string): Promise<string[]> {
  const codes = [code];
  for (let parent = (await unit(code)).parentCode; parent;) {
    codes.unshift(parent);
    parent = (await unit(parent)).parentCode;
  }
  return codes;
}

/**
 * Each unit's chain of codes from the nation down to itself (fetched up the
 * parent links, shared between pages), for deciding which buttons to show.
 * A unit not yet looked up is missing from the map.
 */
export function useUnitChains(codes: readonly string[]): ReadonlyMap<string, string[]> {
  const key = useMemo(() => [...new Set(codes)].sort().join(','), [codes]);
  const [chains, setChains] = useState<ReadonlyMap<string, string[]>>(new Map());
  useEffect(() => {
    if (key === '') return;
    let current = true;
    const wanted = key.split(',');
    Promise.all(
      wanted.map((code) =>
        chainOf(code).then(
          (chain): [string, string[]] => [code, chain],
          (): [string, string[]] => [code, [code]],
        ),
      ),
    ).then(
      (entries) => {
        if (current) setChains(new Map(entries));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [key]);
  return chains;
}
