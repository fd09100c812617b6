/**
 * Accounts, roles on org units, sign-in sessions and API tokens. Every change
 * is audited in its own transaction; the decisions come from core/access/policy.
 */
import type { ApiToken, ApiTokenCreated, Grant, Session, User } from '../api/contract.js';
import {
  availableActions,
  decide,
  holdsPowersOf,
  mayGrant,
  ROLES,
  scopesFor,
  type Principal,
  type Role,
  type ScopedGrant,
} from '../core/access/policy.js';
import type { Db, Tx } from '../db/connect.js';
import { OrgUnitRepository } from '../db/repositories/org-unit.repository.js';
import { ApiTokenRepository, SessionRepository } from '../db/repositories/session.repository.js';
import { UserRepository, type AssignmentWithUnit } from '../db/repositories/user.repository.js';
import type { ApiTokenRow, UserAccountRow } from '../db/schema.js';
import { appendAudit, type Actor } from './audit.service.js';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  LockedError,
  NotFoundError,
  UnauthorizedError,
} from './errors.js';
import {
  decoyPasswordHash,
  digest,
  hashPassword,
  newSecret,
  passwordProblem,
  verifyPassword,
} from './secrets.js';

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const SESSION_TOUCH_MS = 5 * 60 * 1000;
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
const TOKEN_MAX_MS = 366 * 24 * 60 * 60 * 1000;
const SESSION_PREFIX = 'pws_';
const TOKEN_PREFIX = 'pwt_';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Grant[];
  /** Where the daily digest of notices goes; none: the inbox only. */
  email?: string | null | undefined;
}

export interface ResolvedSession {
  principal: Extract<Principal, { kind: 'user' }>;
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
}

export function actorOf(principal: Principal, ip: string | null): Actor {
  if (principal.kind === 'anonymous') return { name: 'anonymous', ip };
  return {
    name: `${principal.via === 'token' ? 'token' : 'user'}:${principal.userId}:${principal.username}`,
    ip,
  };
}

export class AccessService {
  constructor(private readonly db: Db) {}

  // ---- principals ----

  /** The grants of a user with the paths of their units, as the policy needs them. */
  private async grantsOf(userId: number, db: Db | Tx = this.db): Promise<ScopedGrant[]> {
    const rows = await new UserRepository(db).assignments([userId]);
    return rows.map((row) => ({
      role: row.role as Role,
      orgUnitCode: row.orgUnitCode,
      orgUnitPath: row.orgUnitPath,
    }));
  }

  async resolveSession(secret: string): Promise<ResolvedSession | null> {
    if (!secret.startsWith(SESSION_PREFIX)) return null;
    const now = new Date();
    const sessions = new SessionRepository(this.db);
    const session = await sessions.active(digest(secret), now.toISOString());
    if (!session) return null;
    const user = await new UserRepository(this.db).byId(session.userId);
    if (!user || user.disabledAt) return null;
    let expiresAt = session.expiresAt;
    if (now.getTime() - Date.parse(session.lastSeenAt) > SESSION_TOUCH_MS) {
      expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
      await sessions.touch(session.id, now.toISOString(), expiresAt);
    }
    return {
      principal: {
        kind: 'user',
        userId: user.id,
        username: user.username,
        grants: await this.grantsOf(user.id),
        via: 'session',
      },
      sessionId: session.id,
      csrfToken: session.csrfToken,
      expiresAt,
    };
  }

  /** A bearer token's principal: its grants, as far as its user still holds them. */
  async resolveToken(secret: string): Promise<Extract<Principal, { kind: 'user' }> | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    const tokens = new ApiTokenRepository(this.db);
    const token = await tokens.byHash(digest(secret));
    const now = new Date().toISOString();
    if (!token || token.revokedAt || (token.expiresAt !== null && token.expiresAt <= now))
      return null;
    const user = await new UserRepository(this.db).byId(token.userId);
    if (!user || user.disabledAt) return null;
    const held: Principal = {
      kind: 'user',
      userId: user.id,
      username: user.username,
      grants: await this.grantsOf(user.id),
      via: 'session',
    };
    const units = new OrgUnitRepository(this.db);
    const grants: ScopedGrant[] = [];
    for (const grant of JSON.parse(token.grants) as Grant[]) {
      const unit = await units.get(grant.orgUnitCode);
      if (
        unit &&
        covers(held, { role: grant.role, orgUnitCode: unit.code, orgUnitPath: unit.path })
      ) {
        grants.push({ role: grant.role, orgUnitCode: unit.code, orgUnitPath: unit.path });
      }
    }
    await tokens.markUsed(token.id, now);
    return { kind: 'user', userId: user.id, username: user.username, grants, via: 'token' };
  }

  /** The materialised path of a unit, or null when no unit has the code. */
  async unitPath(code: string): Promise<string | null> {
    return (await new OrgUnitRepository(this.db).get(code))?.path ?? null;
  }

  /** The unit a role assignment is on, for the route policy of taking it back. */
  async assignmentUnit(assignmentId: number): Promise<string | null> {
    // Asked before validation: past PostgreSQL's integers no row can match, and the query would fail.
    if (!Number.isInteger(assignmentId) || assignmentId < 1 || assignmentId > 2_147_483_647)
      return null;
    return (await new UserRepository(this.db).assignment(assignmentId))?.orgUnitCode ?? null;
  }

  // ---- sign-in ----

  async signIn(
    username: string,
    password: string,
    client: ClientInfo,
  ): Promise<{ secret: string; session: Session }> {
    const users = new UserRepository(this.db);
    const user = await users.byUsername(username);
    const now = new Date();
    const refused = async (reason: string, userId: number | null) =>
      this.db.transaction().execute(async (trx) => {
        if (userId !== null) {
          const users = new UserRepository(trx);
          const failures = await users.recordFailedSignIn(userId);
          if (failures >= MAX_FAILED_SIGN_INS)
            await users.lockUntil(userId, new Date(now.getTime() + LOCKOUT_MS).toISOString());
        }
        await appendAudit(
          trx,
          { name: 'anonymous', ip: client.ip },
          {
            action: 'session.sign_in_refused',
            entityType: 'user',
            entityId: username,
            after: { reason },
          },
        );
      });

    if (!user) {
      await verifyPassword(password, await decoyPasswordHash());
      await refused('unknown user', null);
      throw new UnauthorizedError('Wrong user name or password');
    }
    if (user.lockedUntil && user.lockedUntil > now.toISOString()) {
      await refused('account locked', null);
      throw new LockedError(
        `The account is locked after ${MAX_FAILED_SIGN_INS} failed sign-ins until ${user.lockedUntil}`,
        user.lockedUntil,
      );
    }
    if (user.disabledAt) {
      await refused('account disabled', null);
      throw new UnauthorizedError('Wrong user name or password');
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      await refused('wrong password', user.id);
      throw new UnauthorizedError('Wrong user name or password');
    }

    const secret = newSecret(SESSION_PREFIX);
    const csrfToken = newSecret('');
    const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await this.db.transaction().execute(async (trx) => {
      await new UserRepository(trx).clearFailedSignIns(user.id);
      await new SessionRepository(trx).insert({
        id: digest(secret),
        userId: user.id,
        csrfToken,
        createdAt: now.toISOString(),
        expiresAt,
        lastSeenAt: now.toISOString(),
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
        revokedAt: null,
      });
      await appendAudit(
        trx,
        { name: `user:${user.id}:${user.username}`, ip: client.ip },
        {
          action: 'session.sign_in',
          entityType: 'user',
          entityId: String(user.id),
        },
      );
    });
    const grants = await this.grantsOf(user.id);
    const principal: Principal = {
      kind: 'user',
      userId: user.id,
      username: user.username,
      grants,
      via: 'session',
    };
    return { secret, session: await this.presentSession(principal, csrfToken, expiresAt) };
  }

  async presentSession(
    principal: Extract<Principal, { kind: 'user' }>,
    csrfToken: string,
    expiresAt: string,
  ): Promise<Session> {
    const [user] = await this.presentUsers([principal.userId]);
    if (!user) throw new UnauthorizedError('The account no longer exists');
    return { user, actions: availableActions(principal), csrfToken, expiresAt };
  }

  async signOut(sessionId: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await new SessionRepository(trx).revoke(sessionId, new Date().toISOString());
      await appendAudit(trx, actor, {
        action: 'session.sign_out',
        entityType: 'session',
        entityId: sessionId.slice(0, 12),
      });
    });
  }

  async signOutEverywhere(principal: Principal, actor: Actor): Promise<number> {
    const user = requireUser(principal);
    return this.db.transaction().execute(async (trx) => {
      const count = await new SessionRepository(trx).revokeAllOf(
        user.userId,
        new Date().toISOString(),
      );
      await appendAudit(trx, actor, {
        action: 'session.sign_out_everywhere',
        entityType: 'user',
        entityId: String(user.userId),
        after: { sessions: count },
      });
      return count;
    });
  }

  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    actor: Actor,
  ): Promise<void> {
    const user = await this.existingUser(requireUser(principal).userId);
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      throw new UnauthorizedError('The current password is wrong');
    const problem = passwordProblem(newPassword, user.username);
    if (problem)
      throw new InputError(`The new password is not accepted: ${problem}`, [
        { path: 'newPassword', message: problem },
      ]);
    const hash = await hashPassword(newPassword);
    await this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await new UserRepository(trx).setPassword(user.id, hash, now);
      // A changed password ends every other session: whoever knew the old one is out.
      await new SessionRepository(trx).revokeAllOf(user.id, now);
      await appendAudit(trx, actor, {
        action: 'user.password_change',
        entityType: 'user',
        entityId: String(user.id),
      });
    });
  }

  // ---- users and roles ----

  /** Creates a user. `assigner` null means the system itself (the CLI's first administrator). */
  async createUser(assigner: Principal | null, input: NewUser, actor: Actor): Promise<User> {
    const problem = passwordProblem(input.password, input.username);
    if (problem)
      throw new InputError(`The password is not accepted: ${problem}`, [
        { path: 'password', message: problem },
      ]);
    // A user without roles is visible only to national administrators, so only they may create one.
    if (
      assigner !== null &&
      input.roles.length === 0 &&
      !decide(assigner, 'user:manage', null).allowed
    ) {
      throw new InputError('Give the new user a role within your scope', [
        { path: 'roles', message: 'at least one role' },
      ]);
    }
    const grants = await this.scopedGrants(input.roles);
    if (assigner !== null) for (const grant of grants) this.assertMayGrant(assigner, grant);
    const hash = await hashPassword(input.password);
    const id = await this.db.transaction().execute(async (trx) => {
      const users = new UserRepository(trx);
      if (await users.byUsername(input.username))
        throw new ConflictError(`The user name ${input.username} is taken`);
      const now = new Date().toISOString();
      const userId = await users.insert({
        username: input.username,
        displayName: input.displayName,
        passwordHash: hash,
        createdAt: now,
        passwordChangedAt: now,
        email: input.email ?? null,
      });
      for (const grant of grants) {
        await users.insertAssignment({
          userId,
          role: grant.role,
          orgUnitCode: grant.orgUnitCode,
          grantedBy: assigner?.kind === 'user' ? assigner.userId : null,
          grantedAt: now,
        });
      }
      await appendAudit(trx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: String(userId),
        after: {
          username: input.username,
          displayName: input.displayName,
          ...(input.email ? { email: input.email } : {}),
          roles: grants.map(({ role, orgUnitCode }) => ({ role, orgUnitCode })),
        },
      });
      return userId;
    });
    return this.getUser(id);
  }

  async grantRole(assigner: Principal, userId: number, grant: Grant, actor: Actor): Promise<User> {
    await this.existingUser(userId);
    const [scoped] = await this.scopedGrants([grant]);
    this.assertMayGrant(assigner, scoped!);
    await this.insertGrant(userId, grant, assigner.kind === 'user' ? assigner.userId : null, actor);
    return this.getUser(userId);
  }

  async revokeRole(
    assigner: Principal,
    userId: number,
    assignmentId: number,
    actor: Actor,
  ): Promise<User> {
    const users = new UserRepository(this.db);
    const assignment = await users.assignment(assignmentId);
    if (!assignment || assignment.userId !== userId)
      throw new NotFoundError(`User ${userId} has no role assignment ${assignmentId}`);
    this.assertMayGrant(assigner, {
      role: assignment.role as Role,
      orgUnitCode: assignment.orgUnitCode,
      orgUnitPath: assignment.orgUnitPath,
    });
    await this.db.transaction().execute(async (trx) => {
      await new UserRepository(trx).deleteAssignment(assignmentId);
      await appendAudit(trx, actor, {
        action: 'user.revoke_role',
        entityType: 'user',
        entityId: String(userId),
        before: { role: assignment.role, orgUnitCode: assignment.orgUnitCode },
      });
    });
    return this.getUser(userId);
  }

  /** The users an administrator may see: those with a role within their user-management scope. */
  async listUsers(principal: Principal): Promise<User[]> {
    const scopes = scopesFor(principal, 'user:manage');
    if (scopes.length === 0) throw new ForbiddenError('Managing users needs the admin role');
    const isRoot = scopes.some((path) => path.split('/').filter(Boolean).length === 1);
    const rows = await new UserRepository(this.db).listWithin(isRoot ? null : scopes);
    return this.presentUsers(rows.map((row) => row.id));
  }

  async getUser(id: number): Promise<User> {
    const [user] = await this.presentUsers([id]);
    if (!user) throw new NotFoundError(`No user has id ${id}`);
    return user;
  }

  async userByName(username: string): Promise<User> {
    const row = await new UserRepository(this.db).byUsername(username);
    if (!row) throw new NotFoundError(`No user has the name ${username}`);
    return this.getUser(row.id);
  }

  /** The command line's operator grants without a scope of their own: they hold the store itself. */
  async grantRoleAsOperator(userId: number, grant: Grant, actor: Actor): Promise<User> {
    const [scoped] = await this.scopedGrants([grant]);
    await this.insertGrant(
      userId,
      { role: scoped!.role, orgUnitCode: scoped!.orgUnitCode },
      null,
      actor,
    );
    return this.getUser(userId);
  }

  async userCount(): Promise<number> {
    return new UserRepository(this.db).count();
  }

  // ---- API tokens ----

  async createToken(
    principal: Principal,
    input: { name: string; grants: Grant[]; expiresAt: string },
    actor: Actor,
  ): Promise<ApiTokenCreated> {
    const user = requireUser(principal);
    if (user.via === 'token')
      throw new ForbiddenError('An API token cannot create API tokens; sign in');
    const expires = Date.parse(input.expiresAt);
    const now = Date.now();
    if (!(expires > now) || expires - now > TOKEN_MAX_MS) {
      throw new InputError('expiresAt must lie in the future and at most a year ahead', [
        { path: 'expiresAt', message: 'between now and a year from now' },
      ]);
    }
    const grants = await this.scopedGrants(input.grants);
    const beyond = grants.filter((grant) => !covers(user, grant));
    if (beyond.length > 0) {
      throw new ForbiddenError(
        `A token can only carry roles you hold: you do not hold ${beyond.map((g) => `${g.role} on ${g.orgUnitCode}`).join(', ')}`,
      );
    }
    const secret = newSecret(TOKEN_PREFIX);
    const row: Omit<ApiTokenRow, 'id'> = {
      userId: user.userId,
      name: input.name,
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      tokenHash: digest(secret),
      grants: JSON.stringify(grants.map(({ role, orgUnitCode }) => ({ role, orgUnitCode }))),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(expires).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const tokenId = await new ApiTokenRepository(trx).insert(row);
      await appendAudit(trx, actor, {
        action: 'api_token.create',
        entityType: 'api_token',
        entityId: String(tokenId),
        after: {
          name: row.name,
          prefix: row.prefix,
          grants: JSON.parse(row.grants) as unknown,
          expiresAt: row.expiresAt,
        },
      });
      return tokenId;
    });
    return { ...presentToken({ ...row, id }), token: secret };
  }

  async listTokens(principal: Principal): Promise<ApiToken[]> {
    const rows = await new ApiTokenRepository(this.db).ofUser(requireUser(principal).userId);
    return rows.map(presentToken);
  }

  async revokeToken(principal: Principal, id: number, actor: Actor): Promise<void> {
    const user = requireUser(principal);
    const tokens = new ApiTokenRepository(this.db);
    const token = await tokens.byId(id);
    if (!token || token.userId !== user.userId)
      throw new NotFoundError(`You have no API token ${id}`);
    await this.db.transaction().execute(async (trx) => {
      await new ApiTokenRepository(trx).revoke(id, new Date().toISOString());
      await appendAudit(trx, actor, {
        action: 'api_token.revoke',
        entityType: 'api_token',
        entityId: String(id),
      });
    });
  }

  // ---- helpers ----

  private async insertGrant(
    userId: number,
    grant: Grant,
    grantedBy: number | null,
    actor: Actor,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await new UserRepository(trx).insertAssignment({
        userId,
        role: grant.role,
        orgUnitCode: grant.orgUnitCode,
        grantedBy,
        grantedAt: new Date().toISOString(),
      });
      if (id === 0)
        throw new ConflictError(`The user already holds ${grant.role} on ${grant.orgUnitCode}`);
      await appendAudit(trx, actor, {
        action: 'user.grant_role',
        entityType: 'user',
        entityId: String(userId),
        after: grant,
      });
    });
  }

  private async existingUser(id: number): Promise<UserAccountRow> {
    const user = await new UserRepository(this.db).byId(id);
    if (!user) throw new NotFoundError(`No user has id ${id}`);
    return user;
  }

  private async scopedGrants(grants: readonly Grant[]): Promise<ScopedGrant[]> {
    const units = new OrgUnitRepository(this.db);
    const problems = [];
    const scoped: ScopedGrant[] = [];
    for (const [index, grant] of grants.entries()) {
      if (!(ROLES as readonly string[]).includes(grant.role)) {
        problems.push({
          path: `roles.${index}.role`,
          message: `"${grant.role}" is not one of ${ROLES.join(', ')}`,
        });
        continue;
      }
      const unit = await units.get(grant.orgUnitCode);
      if (!unit) {
        problems.push({
          path: `roles.${index}.orgUnitCode`,
          message: `no org unit has code ${grant.orgUnitCode}`,
        });
        continue;
      }
      scoped.push({ role: grant.role, orgUnitCode: unit.code, orgUnitPath: unit.path });
    }
    if (problems.length > 0) throw new InputError('Some roles cannot be granted', problems);
    return scoped;
  }

  private assertMayGrant(assigner: Principal, grant: ScopedGrant): void {
    const decision = mayGrant(assigner, grant);
    if (!decision.allowed) {
      if (decision.status === 401) throw new UnauthorizedError(decision.reason);
      throw new ForbiddenError(
        `You may not grant ${grant.role} on ${grant.orgUnitCode}: ${decision.reason}`,
      );
    }
  }

  private async presentUsers(ids: readonly number[]): Promise<User[]> {
    const users = new UserRepository(this.db);
    const rows = (await Promise.all(ids.map((id) => users.byId(id)))).filter(
      (row): row is UserAccountRow => row !== undefined,
    );
    const assignments = await users.assignments(rows.map((row) => row.id));
    return rows.map((row) =>
      presentUser(
        row,
        assignments.filter((assignment) => assignment.userId === row.id),
      ),
    );
  }
}

/** Whether the principal's own grants give every power of `grant` at its unit. */
function covers(principal: Principal, grant: ScopedGrant): boolean {
  return holdsPowersOf(principal, grant).allowed;
}

function requireUser(principal: Principal): Extract<Principal, { kind: 'user' }> {
  if (principal.kind !== 'user') throw new UnauthorizedError('Sign in first');
  return principal;
}

function presentUser(row: UserAccountRow, assignments: readonly AssignmentWithUnit[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    createdAt: row.createdAt,
    disabled: row.disabledAt !== null,
    lockedUntil: row.lockedUntil,
    email: row.email,
    roles: assignments.map((assignment) => ({
      id: assignment.id,
      role: assignment.role as Role,
      orgUnitCode: assignment.orgUnitCode,
      orgUnitNameZh: assignment.orgUnitNameZh,
      orgUnitNameEn: assignment.orgUnitNameEn,
      grantedAt: assignment.grantedAt,
    })),
  };
}

function presentToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    grants: JSON.parse(row.grants) as Grant[],
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}
