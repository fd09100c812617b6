import { useEffect, useState } from 'react';
import { getJson } from '../../api/client';
import { publicApi, type DataValue, type PublicValueList } from './publicApi';

/** Enough for every province and period of an indicator; the portal says when there were more. */
const MAX_PAGES = 20;

export interface AllValues {
  values: DataValue[] | undefined;
  /** True when the API had more pages than the portal reads. */
  truncated: boolean;
  error: unknown;
  loading: boolean;
}

const cache = new Map<string, { values: DataValue[]; truncated: boolean }>();

/**
 * Every published value of an indicator (all units and periods), as published
 * on `asOf` when given: the public API's pages read one after another. A null
 * code waits (until the indicator is known to exist).
 */
export function useAllValues(code: string | null, asOf: string | null): AllValues {
  const key = code === null ? null : publicApi.values(code, { asOf });
  const [state, setState] = useState<{
    key: string | null;
    values?: DataValue[];
    truncated?: boolean;
    error?: unknown;
  }>(() => ({ key, ...(key === null ? {} : cache.get(key)) }));

  useEffect(() => {
    if (key === null || code === null) return;
    const kept = cache.get(key);
    if (kept) {
      setState({ key, ...kept });
      return;
    }
    const controller = new AbortController();
    setState({ key });
    void (async () => {
      const values: DataValue[] = [];
      let offset = 0;
      let truncated = false;
      for (let page = 0; ; page++) {
        if (page === MAX_PAGES) {
          truncated = true;
          break;
        }
        const list = await getJson<PublicValueList>(
          publicApi.values(code, { asOf, offset: offset || undefined }),
          controller.signal,
        );
        values.push(...list.items);
        if (list.next === null || list.items.length === 0) break;
        offset += list.items.length;
      }
      return { values, truncated };
    })().then(
      (result) => {
        cache.set(key, result);
        setState({ key, ...result });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ key, error });
      },
    );
    return () => controller.abort();
  }, [key, code, asOf]);

  const current = state.key === key;
  return {
    values: current ? state.values : undefined,
    truncated: current ? (state.truncated ?? false) : false,
    error: current ? state.error : undefined,
    loading:
      key !== null && (!current || (state.values === undefined && state.error === undefined)),
  };
}
