/**
 * Who may do what, where: the one policy. Roles are held on org units and
 * cover the unit's whole subtree (never its parent or siblings). Pure: the
 * caller resolves the principal's grants and the target unit's path.
 */

export const ROLES = [
  'admin',
  'coordinator',
  'reporter',
  'reviewer',
  'inspector',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  /** Read what is published; anonymous visitors may. */
  'read:published',
  /** Read unpublished values and records of a unit. */
  'read:unpublished',
  'data:write',
  'data:review',
  'inspection:write',
  /** Create, assign and break down tasks for units within scope. */
  'task:manage',
  /** Post progress updates and evidence for a unit's tasks and rectification items. */
  'task:report',
  /** Accept or query progress updates. */
  'task:review',
  'plan:configure',
  /** Configure the annual evaluation's scheme, run and publish it (nationwide only). */
  'evaluation:manage',
  'user:manage',
  'audit:read',
  /** Create and revoke one's own API tokens (any signed-in user). */
  'token:manage',
  /** Anything a signed-in user may do for themselves: their session, their password. */
  'self',
] as const;
export type Action = (typeof ACTIONS)[number];

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: [
    'read:unpublished',
    'data:write',
    'data:review',
    'inspection:write',
    'task:manage',
    'task:report',
    'task:review',
    'plan:configure',
    'evaluation:manage',
    'user:manage',
    'audit:read',
  ],
  coordinator: [
    'read:unpublished',
    'data:review',
    'inspection:write',
    'task:manage',
    'task:review',
    'plan:configure',
    'evaluation:manage',
    'audit:read',
  ],
  reporter: ['read:unpublished', 'data:write', 'task:report'],
  reviewer: ['read:unpublished', 'data:review', 'task:review'],
  inspector: ['read:unpublished', 'inspection:write'],
  viewer: ['read:unpublished'],
};

/** Actions that need no org unit: they concern the principal itself. */
const UNSCOPED_ACTIONS: ReadonlySet<Action> = new Set(['read:published', 'token:manage', 'self']);

export interface ScopedGrant {
  role: Role;
  orgUnitCode: string;
  /** Materialised path of the unit ("/CN/420000/"): the grant covers every unit whose path starts with it. */
  orgUnitPath: string;
}

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: number;
      username: string;
      grants: readonly ScopedGrant[];
      via: 'session' | 'token';
    };

export type Decision = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

export function actionsOf(role: Role): readonly Action[] {
  return ROLE_ACTIONS[role];
}

/** Whether `path` lies within the subtree at `ancestorPath` (a unit is within its own subtree). */
export function pathWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/**
 * Decides whether the principal may take `action` on the unit at `unitPath`.
 * `unitPath` is null for actions that touch no unit; a scoped action without
 * a unit needs the grant at the root of the tree (the nation).
 */
export function decide(principal: Principal, action: Action, unitPath: string | null): Decision {
  if (action === 'read:published') return { allowed: true };
  if (principal.kind === 'anonymous') {
    return { allowed: false, status: 401, reason: 'Sign in first: this needs an account' };
  }
  if (UNSCOPED_ACTIONS.has(action)) return { allowed: true };
  const granted = principal.grants.some(
    (grant) =>
      ROLE_ACTIONS[grant.role].includes(action) &&
      (unitPath === null ? isRoot(grant.orgUnitPath) : pathWithin(unitPath, grant.orgUnitPath)),
  );
  if (granted) return { allowed: true };
  const where = unitPath === null ? 'nationwide' : `on unit ${lastCode(unitPath)}`;
  return {
    allowed: false,
    status: 403,
    reason: `${principal.username} may not ${describe(action)} ${where}`,
  };
}

/** Actions that only exist nationwide: routes take them on no unit, so only grants on the root allow them. */
const NATIONWIDE_ACTIONS: ReadonlySet<Action> = new Set([
  'audit:read',
  'plan:configure',
  'evaluation:manage',
]);

/** Every action the principal may actually take somewhere (for showing and hiding screens). */
export function availableActions(principal: Principal): Action[] {
  if (principal.kind === 'anonymous') return ['read:published'];
  const actions = new Set<Action>(UNSCOPED_ACTIONS);
  for (const grant of principal.grants) {
    for (const action of ROLE_ACTIONS[grant.role]) {
      if (!NATIONWIDE_ACTIONS.has(action) || isRoot(grant.orgUnitPath)) actions.add(action);
    }
  }
  return ACTIONS.filter((action) => actions.has(action));
}

/** The unit paths within which the principal may take `action`, with nested ones folded into their ancestors. */
export function scopesFor(principal: Principal, action: Action): string[] {
  if (principal.kind === 'anonymous') return [];
  const paths = principal.grants
    .filter((grant) => ROLE_ACTIONS[grant.role].includes(action))
    .map((grant) => grant.orgUnitPath)
    .sort();
  return paths.filter(
    (path, index) => !paths.slice(0, index).some((earlier) => pathWithin(path, earlier)),
  );
}

/**
 * Whether `assigner` may grant `grant`: they must manage users at that unit
 * and, beyond that, hold the granted role's powers there themselves, so no
 * one hands out more than they have.
 */
export function mayGrant(assigner: Principal, grant: ScopedGrant): Decision {
  const manage = decide(assigner, 'user:manage', grant.orgUnitPath);
  if (!manage.allowed) return manage;
  return holdsPowersOf(assigner, grant);
}

/** Whether the principal may do everything `grant` allows, where it allows it (an API token carries no more). */
export function holdsPowersOf(principal: Principal, grant: ScopedGrant): Decision {
  for (const action of ROLE_ACTIONS[grant.role]) {
    const decision = decide(principal, action, grant.orgUnitPath);
    if (!decision.allowed) return decision;
  }
  return { allowed: true };
}

/** A grant on the root of the tree (the nation) covers everything, including actions on no unit. */
function isRoot(path: string): boolean {
  return path.split('/').filter(Boolean).length === 1;
}

function lastCode(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

function describe(action: Action): string {
  switch (action) {
    case 'read:published':
      return 'read published data';
    case 'read:unpublished':
      return 'read unpublished data';
    case 'data:write':
      return 'enter data';
    case 'data:review':
      return 'review data';
    case 'inspection:write':
      return 'record inspections';
    case 'task:manage':
      return 'assign tasks';
    case 'task:report':
      return 'report on tasks';
    case 'task:review':
      return 'review task updates';
    case 'plan:configure':
      return 'configure plans and indicators';
    case 'evaluation:manage':
      return 'run and publish the annual evaluation';
    case 'user:manage':
      return 'manage users';
    case 'audit:read':
      return 'read the audit log';
    case 'token:manage':
      return 'manage API tokens';
    case 'self':
      return 'act for themselves';
  }
}
