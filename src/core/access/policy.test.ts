import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  actionsOf,
  availableActions,
  decide,
  mayGrant,
  ROLES,
  scopesFor,
  type Principal,
  type Role,
  type ScopedGrant,
} from './policy.js';

const HUBEI = '/CN/420000/';
const WUHAN = '/CN/420000/420100/';
const JIANGAN = '/CN/420000/420100/420102/';
const HUNAN = '/CN/430000/';
const NATION = '/CN/';

function user(...grants: [Role, string][]): Principal {
  return {
    kind: 'user',
    userId: 1,
    username: 'u',
    via: 'session',
    grants: grants.map(([role, path]) => ({
      role,
      orgUnitPath: path,
      orgUnitCode: path.split('/').at(-2)!,
    })),
  };
}

describe('decide', () => {
  it.each([
    // role, held at, action, target, allowed
    ['reporter', HUBEI, 'data:write', HUBEI, true],
    ['reporter', HUBEI, 'data:write', JIANGAN, true],
    ['reporter', WUHAN, 'data:write', HUBEI, false], // never the parent
    ['reporter', HUBEI, 'data:write', HUNAN, false], // never a sibling
    ['reporter', HUBEI, 'data:review', HUBEI, false],
    ['reviewer', HUBEI, 'data:review', WUHAN, true],
    ['reviewer', HUBEI, 'data:write', WUHAN, false],
    ['viewer', HUBEI, 'read:unpublished', JIANGAN, true],
    ['viewer', HUBEI, 'read:unpublished', HUNAN, false],
    ['inspector', NATION, 'inspection:write', HUNAN, true],
    ['coordinator', NATION, 'plan:configure', null, true],
    ['coordinator', HUBEI, 'plan:configure', null, false], // nationwide needs the nation
    ['coordinator', NATION, 'evaluation:manage', null, true],
    ['coordinator', HUBEI, 'evaluation:manage', null, false], // provinces are evaluated, not evaluators
    ['reviewer', NATION, 'evaluation:manage', null, false],
    ['admin', HUBEI, 'user:manage', WUHAN, true],
    ['admin', HUBEI, 'user:manage', NATION, false],
    ['admin', NATION, 'audit:read', null, true],
  ] as const)('%s on %s: %s on %s -> %s', (role, heldAt, action, target, allowed) => {
    expect(decide(user([role, heldAt]), action, target).allowed).toBe(allowed);
  });

  it('lets anyone read what is published, and asks anonymous visitors to sign in for the rest', () => {
    expect(decide({ kind: 'anonymous' }, 'read:published', null)).toEqual({ allowed: true });
    for (const action of ACTIONS.filter((a) => a !== 'read:published')) {
      expect(decide({ kind: 'anonymous' }, action, HUBEI)).toMatchObject({
        allowed: false,
        status: 401,
      });
    }
  });

  it('names who, what and where when it refuses', () => {
    expect(decide(user(['reporter', HUBEI]), 'data:write', HUNAN)).toEqual({
      allowed: false,
      status: 403,
      reason: 'u may not enter data on unit 430000',
    });
  });

  it('a grant never reaches outside its subtree (property)', () => {
    const segment = fc.constantFrom('11', '42', '43', '4201', '4202', '430102');
    const unitPath = fc
      .array(segment, { minLength: 0, maxLength: 3 })
      .map((parts) => `/CN/${parts.map((p) => `${p}/`).join('')}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        unitPath,
        unitPath,
        fc.constantFrom(...ACTIONS),
        (role, held, target, action) => {
          const decision = decide(user([role, held]), action, target);
          if (
            decision.allowed &&
            action !== 'read:published' &&
            action !== 'token:manage' &&
            action !== 'self'
          ) {
            expect(target.startsWith(held)).toBe(true);
            expect(actionsOf(role)).toContain(action);
          }
        },
      ),
    );
  });
});

describe('availableActions and scopesFor', () => {
  it('lists what a user may do somewhere', () => {
    expect(availableActions({ kind: 'anonymous' })).toEqual(['read:published']);
    expect(availableActions(user(['reporter', HUBEI]))).toEqual([
      'read:published',
      'read:unpublished',
      'data:write',
      'task:report',
      'token:manage',
      'self',
    ]);
  });

  it('offers nationwide actions only to grants on the nation', () => {
    expect(availableActions(user(['coordinator', HUBEI]))).not.toContain('audit:read');
    expect(availableActions(user(['coordinator', HUBEI]))).not.toContain('plan:configure');
    expect(availableActions(user(['coordinator', NATION]))).toEqual(
      expect.arrayContaining(['audit:read', 'plan:configure']),
    );
  });

  it('folds nested scopes into their ancestors', () => {
    expect(
      scopesFor(
        user(['viewer', WUHAN], ['reporter', HUBEI], ['viewer', HUNAN]),
        'read:unpublished',
      ),
    ).toEqual([HUBEI, HUNAN]);
    expect(scopesFor(user(['viewer', WUHAN]), 'data:write')).toEqual([]);
  });
});

describe('mayGrant', () => {
  const grant = (role: Role, path: string): ScopedGrant => ({
    role,
    orgUnitPath: path,
    orgUnitCode: 'x',
  });
  it.each([
    [user(['admin', HUBEI]), grant('reporter', WUHAN), true],
    [user(['admin', HUBEI]), grant('admin', WUHAN), true],
    [user(['admin', HUBEI]), grant('reporter', HUNAN), false], // outside the assigner's scope
    [user(['admin', HUBEI]), grant('viewer', NATION), false],
    [user(['admin', NATION]), grant('coordinator', HUBEI), true],
    [user(['reporter', HUBEI]), grant('reporter', WUHAN), false], // not an administrator
  ])('%#', (assigner, target, allowed) => {
    expect(mayGrant(assigner, target).allowed).toBe(allowed);
  });
});
