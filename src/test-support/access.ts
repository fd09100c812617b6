/**
 * Helpers for the access tests: principals built from users without signing
 * in (scrypt is slow), snapshots of what a refused request must not change,
 * and the hostile strings thrown at every text field.
 */
import { expect } from 'vitest';
import type { User } from '../api/contract.js';
import type { Principal, ScopedGrant } from '../core/access/policy.js';
import type { Db } from '../db/connect.js';
import type { AccessService } from '../services/access.service.js';

/** Passes every password rule and contains none of the test user names. */
export const PASSWORD = 'correct horse battery staple';
export const OTHER_PASSWORD = 'Tr0ub4dor&3 plus more words';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** The session principal of a user, with the paths of the units of its roles. */
export async function principalOf(access: AccessService, user: User): Promise<UserPrincipal> {
  const grants: ScopedGrant[] = [];
  for (const role of user.roles) {
    const path = await access.unitPath(role.orgUnitCode);
    if (path === null) throw new Error(`no unit ${role.orgUnitCode}`);
    grants.push({ role: role.role, orgUnitCode: role.orgUnitCode, orgUnitPath: path });
  }
  return { kind: 'user', userId: user.id, username: user.username, grants, via: 'session' };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

/** Everything the access tests watch: accounts, roles, sessions, tokens, values and the audit log. */
export interface StoreSnapshot {
  users: unknown[];
  assignments: unknown[];
  sessions: unknown[];
  tokens: unknown[];
  dataValues: number;
  auditHead: number;
}

export async function snapshot(db: Db): Promise<StoreSnapshot> {
  const [users, assignments, sessions, tokens, dataValues, head] = await Promise.all([
    db.selectFrom('userAccount').selectAll().orderBy('id').execute(),
    db.selectFrom('roleAssignment').selectAll().orderBy('id').execute(),
    db.selectFrom('session').selectAll().orderBy('id').execute(),
    db.selectFrom('apiToken').selectAll().orderBy('id').execute(),
    countDataValues(db),
    auditHead(db),
  ]);
  return { users, assignments, sessions, tokens, dataValues, auditHead: head };
}

export async function countDataValues(db: Db): Promise<number> {
  const row = await db
    .selectFrom('dataValue')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** The seq of the newest audit entry (0 when the log is empty). */
export async function auditHead(db: Db): Promise<number> {
  const row = await db
    .selectFrom('auditLog')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq ?? 0;
}

/** The audit entries appended after `seq`, oldest first. */
export async function auditSince(db: Db, seq: number) {
  return db.selectFrom('auditLog').selectAll().where('seq', '>', seq).orderBy('seq').execute();
}

/** Asserts that nothing but `allowedAuditEntries` new audit entries changed since `before`. */
export async function expectUnchanged(
  db: Db,
  before: StoreSnapshot,
  allowedAuditEntries = 0,
): Promise<void> {
  const after = await snapshot(db);
  expect({ ...after, auditHead: after.auditHead - allowedAuditEntries }).toEqual(before);
}

/** Strings an attacker tries in every text field. */
export const HOSTILE_STRINGS = [
  "'; drop table user_account; --",
  "' or '1'='1",
  '<script>alert(1)</script>',
  '%00',
  '\u0000',
  '\ud800',
  '../../../../etc/passwd',
  '{{7*7}}${7*7}',
] as const;

/** What an error response must never reveal. */
export function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/stack/i);
  expect(body).not.toContain('SELECT');
  expect(body).not.toContain('at /');
  expect(body).not.toMatch(/\/work\/|node_modules|\/src\/|\.ts:\d|\.js:\d/);
}
