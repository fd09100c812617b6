import { useCallback, useEffect, useState } from 'react';
import { getJson } from './client';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Successful responses, so moving between pages does not refetch; failures are never kept. */
const cache = new Map<string, unknown>();

/** Forgets every kept response: what the API shows depends on who is signed in. */
export function clearApiCache(): void {
  cache.clear();
}

/** Loads one or more API URLs (all or nothing); `null` waits. */
export function useApi<T>(url: string | null): ApiState<T> {
  const [state, setState] = useState<{ url: string | null; data?: T; error?: unknown }>(() =>
    url !== null && cache.has(url) ? { url, data: cache.get(url) as T } : { url: null },
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (url === null) return;
    if (cache.has(url)) {
      setState({ url, data: cache.get(url) as T });
      return;
    }
    const controller = new AbortController();
    setState((previous) => (previous.url === url ? previous : { url: null }));
    getJson<T>(url, controller.signal).then(
      (data) => {
        cache.set(url, data);
        setState({ url, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ url, error });
      },
    );
    return () => controller.abort();
  }, [url, attempt]);

  const reload = useCallback(() => {
    if (url !== null) cache.delete(url);
    setState({ url: null });
    setAttempt((n) => n + 1);
  }, [url]);

  const current = state.url === url;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: url !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
  };
}

/** Loads several URLs at once; fails if any fails. */
export function useApiAll<T>(urls: readonly string[] | null): ApiState<T[]> {
  const key = urls === null ? null : JSON.stringify(urls);
  const [state, setState] = useState<{ key: string | null; data?: T[]; error?: unknown }>({
    key: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const list = JSON.parse(key) as string[];
    const controller = new AbortController();
    Promise.all(
      list.map((u) =>
        cache.has(u)
          ? Promise.resolve(cache.get(u) as T)
          : getJson<T>(u, controller.signal).then((d) => {
              cache.set(u, d);
              return d;
            }),
      ),
    ).then(
      (data) => setState({ key, data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ key, error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const reload = useCallback(() => {
    if (key !== null) for (const u of JSON.parse(key) as string[]) cache.delete(u);
    setState({ key: null });
    setAttempt((n) => n + 1);
  }, [key]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
  };
}

export interface LiveState<T> extends ApiState<T> {
  /** Changes the loaded data in place (after a successful change on the server). */
  update: (change: (previous: T) => T) => void;
}

/**
 * Loads a URL without the shared cache, for data that changes while one looks
 * at it (accounts, tokens, drafts). Reloading keeps the old data on screen
 * until the new answer arrives.
 */
export function useLive<T>(url: string | null): LiveState<T> {
  const [state, setState] = useState<{ url: string | null; data?: T; error?: unknown }>({
    url: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    getJson<T>(url, controller.signal).then(
      (data) => setState({ url, data }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState((previous) => (previous.url === url ? { ...previous, error } : { url, error }));
      },
    );
    return () => controller.abort();
  }, [url, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback(
    (change: (previous: T) => T) =>
      setState((previous) =>
        previous.data === undefined ? previous : { ...previous, data: change(previous.data) },
      ),
    [],
  );

  const current = state.url === url;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: url !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
    update,
  };
}
