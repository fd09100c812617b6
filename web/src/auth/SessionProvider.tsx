import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  api,
  ApiRequestError,
  getJson,
  sendJson,
  setCsrfToken,
  setUnauthorizedHandler,
  type Session,
} from '../api/client';
import { clearApiCache } from '../api/useApi';
import {
  SessionContext,
  type Action,
  type SessionContextValue,
  type SessionStatus,
} from './session';

/**
 * A hint kept in localStorage while this browser has a session. Without it the
 * app does not ask GET /api/session at start, so anonymous visitors cause no
 * 401 (which the browser would log as an error). The cookie itself is
 * HttpOnly; the server decides, the hint only saves a request.
 */
const HINT_KEY = 'planwatch.signedIn';

function readHint(): boolean {
  try {
    return window.localStorage.getItem(HINT_KEY) !== null;
  } catch {
    return true; // storage disabled: always ask
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(HINT_KEY, '1');
    else window.localStorage.removeItem(HINT_KEY);
  } catch {
    // Storage disabled: every start asks the server.
  }
}

const isUnauthorized = (error: unknown) => error instanceof ApiRequestError && error.status === 401;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{
    status: SessionStatus;
    session: Session | null;
    leaving?: boolean;
  }>(() =>
    readHint() ? { status: 'loading', session: null } : { status: 'anonymous', session: null },
  );
  const current = useRef<Session | null>(null);

  const apply = useCallback((session: Session | null) => {
    const changed = current.current?.user.id !== session?.user.id;
    current.current = session;
    setCsrfToken(session?.csrfToken ?? null);
    writeHint(session !== null);
    if (changed) clearApiCache();
    setState({ status: session ? 'signedIn' : 'anonymous', session });
  }, []);

  const refresh = useCallback(async (): Promise<Session | null> => {
    try {
      const session = await getJson<Session>(api.session());
      apply(session);
      return session;
    } catch (error) {
      if (isUnauthorized(error)) {
        apply(null);
        return null;
      }
      // The server could not be asked; keep the hint so the next start asks again.
      setState((previous) =>
        previous.status === 'loading' ? { status: 'anonymous', session: null } : previous,
      );
      throw error;
    }
  }, [apply]);

  useEffect(() => {
    if (readHint()) refresh().catch(() => undefined);
  }, [refresh]);

  // Another tab signed in or out.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === HINT_KEY) refresh().catch(() => undefined);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [refresh]);

  // A request answered 401 although we had a session: it ended (expired, revoked elsewhere).
  useEffect(() => {
    setUnauthorizedHandler(() => apply(null));
    return () => setUnauthorizedHandler(null);
  }, [apply]);

  const signIn = useCallback(
    async (username: string, password: string): Promise<Session> => {
      const created = await sendJson<Session>('POST', api.session(), { username, password });
      setCsrfToken(created.csrfToken);
      // The cookie is what later requests use: read the session back through it.
      let session = created;
      try {
        session = await getJson<Session>(api.session());
      } catch (error) {
        if (isUnauthorized(error)) {
          apply(null);
          throw error;
        }
      }
      apply(session);
      return session;
    },
    [apply],
  );

  const beginLeaving = useCallback(
    () => setState((previous) => (previous.leaving ? previous : { ...previous, leaving: true })),
    [],
  );

  const end = useCallback(
    async (method: 'DELETE' | 'POST', url: string) => {
      beginLeaving();
      try {
        await sendJson(method, url);
      } catch (error) {
        if (!isUnauthorized(error)) {
          setState((previous) => ({ ...previous, leaving: false }));
          throw error;
        }
      }
      apply(null);
    },
    [apply, beginLeaving],
  );

  const signOut = useCallback(() => end('DELETE', api.session()), [end]);
  const signOutEverywhere = useCallback(() => end('POST', api.revokeAllSessions()), [end]);

  const value = useMemo<SessionContextValue>(() => {
    const actions = new Set(state.session?.actions ?? []);
    return {
      status: state.status,
      session: state.session,
      user: state.session?.user ?? null,
      can: (action: Action) => actions.has(action),
      signIn,
      signOut,
      signOutEverywhere,
      refresh,
      forget: () => apply(null),
      leaving: state.leaving === true,
      beginLeaving,
    };
  }, [state, signIn, signOut, signOutEverywhere, refresh, apply, beginLeaving]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
