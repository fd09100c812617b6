import { useCallback } from 'react';
import type { Action } from '../../../../src/core/access/policy';
import { useSession } from '../../auth/session';
import { grantsAllow } from './model';
import { useUnitChains } from './useUnitChains';

/**
 * Whether the signed-in user may take `action` on each of `codes` (by their
 * grants on the unit's chain). Only for showing buttons: the server decides.
 * False while a unit's chain is being looked up.
 */
export function useAllowedOn(codes: readonly string[], action: Action): (code: string) => boolean {
  const { user } = useSession();
  const chains = useUnitChains(user ? codes : []);
  return useCallback(
    (code: string) => grantsAllow(user?.roles ?? [], action, chains.get(code)),
    [user, action, chains],
  );
}
