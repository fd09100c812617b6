import { createContext, useContext } from 'react';
import type { Session, User } from '../api/client';

/** Actions a session may list (see the server's role table); the server checks every request anyway. */
export type Action =
  | 'read:unpublished'
  | 'data:write'
  | 'data:review'
  | 'inspection:write'
  | 'task:manage'
  | 'task:report'
  | 'task:review'
  | 'plan:configure'
  | 'evaluation:manage'
  | 'user:manage'
  | 'audit:read'
  | 'token:manage';

/** The contract's minimum for new passwords (passwordChangeSchema, userCreateSchema). */
export const MIN_PASSWORD_LENGTH = 12;

export type SessionStatus = 'loading' | 'anonymous' | 'signedIn';

export interface SessionContextValue {
  status: SessionStatus;
  session: Session | null;
  user: User | null;
  /** True when the session lists the action (somewhere in the user's scope). */
  can: (action: Action) => boolean;
  signIn: (username: string, password: string) => Promise<Session>;
  signOut: () => Promise<void>;
  signOutEverywhere: () => Promise<void>;
  /** Asks the server again who is signed in. */
  refresh: () => Promise<Session | null>;
  /** Forgets the session locally after the server ended it (e.g. on a password change). */
  forget: () => void;
  /**
   * True from the moment the user chose to sign out until the session is gone:
   * parts that poll the server (the inbox bell) stop asking, so no request
   * races the sign-out and comes back 401.
   */
  leaving: boolean;
  /** Marks the session as leaving; signOut or signOutEverywhere follows. */
  beginLeaving: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside <SessionProvider>');
  return value;
}

/** The screens behind the header's "My data" entry. */
export const DATA_ACTIONS: readonly Action[] = ['data:write', 'read:unpublished'];
/** Any of these opens /admin (every signed-in user manages their own API tokens there). */
export const ADMIN_ACTIONS: readonly Action[] = ['user:manage', 'token:manage', 'audit:read'];
/** The header shows "Administration" only for these; API tokens are in the user menu. */
export const ADMIN_NAV_ACTIONS: readonly Action[] = ['user:manage', 'audit:read'];

/** Where to go after signing in: a path inside the app, never another site. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
