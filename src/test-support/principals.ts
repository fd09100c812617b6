/** Signed-in principals for service tests: one role on one unit. */
import type { Principal, Role } from '../core/access/policy.js';

export function userPrincipal(
  username: string,
  role: Role,
  orgUnitCode: string,
  orgUnitPath: string,
  userId = 1,
): Principal {
  return {
    kind: 'user',
    userId,
    username,
    via: 'session',
    grants: [{ role, orgUnitCode, orgUnitPath }],
  };
}
