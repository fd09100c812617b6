import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../api/contract.js';
import type { Principal } from '../core/access/policy.js';
import {
  auditHead,
  auditSince,
  expectUnchanged,
  OTHER_PASSWORD,
  PASSWORD,
  principalOf,
  rejectionOf,
  snapshot,
  type UserPrincipal,
} from '../test-support/access.js';
import { describeEachStore } from '../test-support/stores.js';
import { AccessService, actorOf, LOCKOUT_MS, MAX_FAILED_SIGN_INS } from './access.service.js';
import { SYSTEM_ACTOR, verifyAudit } from './audit.service.js';
import { CatalogueService } from './catalogue.service.js';
import { DataEntryService } from './data-entry.service.js';
import { ensureDefaults } from './defaults.service.js';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  LockedError,
  NotFoundError,
  UnauthorizedError,
} from './errors.js';

const CLIENT = { ip: '192.0.2.10', userAgent: 'vitest' };
const INDICATOR = 'users_5g';
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const ANONYMOUS: Principal = { kind: 'anonymous' };

function problemPaths(error: Error): string[] {
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).problems.map((problem) => problem.path);
}

describeEachStore('AccessService', (fixture) => {
  let access: AccessService;
  let dataEntry: DataEntryService;
  let catalogue: CatalogueService;
  // Users created once per engine (scrypt is slow) and shared by the tests.
  let nationalAdmin: User;
  let hubeiAdmin: User;
  let hubeiReporter: User;
  let hunanReporter: User;
  let nationalViewer: User;
  let asNationalAdmin: UserPrincipal;
  let asHubeiAdmin: UserPrincipal;
  let asHubeiReporter: UserPrincipal;
  let asHunanReporter: UserPrincipal;
  let asNationalViewer: UserPrincipal;
  // Sessions opened by the sign-in tests, reused by the session tests.
  let reporterSecret: string;
  let adminSecret: string;

  const create = (
    username: string,
    roles: { role: User['roles'][number]['role']; orgUnitCode: string }[],
  ) =>
    access.createUser(
      null,
      { username, displayName: `Test ${username}`, password: PASSWORD, roles },
      SYSTEM_ACTOR,
    );

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    access = new AccessService(db);
    dataEntry = new DataEntryService(db);
    catalogue = new CatalogueService(db);
    [nationalAdmin, hubeiAdmin, hubeiReporter, hunanReporter, nationalViewer] = await Promise.all([
      create('nation.admin', [{ role: 'admin', orgUnitCode: 'CN' }]),
      create('hubei.admin', [{ role: 'admin', orgUnitCode: '420000' }]),
      create('hubei.reporter', [{ role: 'reporter', orgUnitCode: '420000' }]),
      create('hunan.reporter', [{ role: 'reporter', orgUnitCode: '430000' }]),
      create('nation.viewer', [{ role: 'viewer', orgUnitCode: 'CN' }]),
    ]);
    asNationalAdmin = await principalOf(access, nationalAdmin);
    asHubeiAdmin = await principalOf(access, hubeiAdmin);
    asHubeiReporter = await principalOf(access, hubeiReporter);
    asHunanReporter = await principalOf(access, hunanReporter);
    asNationalViewer = await principalOf(access, nationalViewer);
  });

  describe('createUser', () => {
    it('lets the system create a user with roles and audits it', async () => {
      expect(nationalAdmin).toMatchObject({
        username: 'nation.admin',
        displayName: 'Test nation.admin',
        disabled: false,
        lockedUntil: null,
        roles: [{ role: 'admin', orgUnitCode: 'CN' }],
      });
      const [entry] = await fixture.store.db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'user.create')
        .where('entityId', '=', String(nationalAdmin.id))
        .execute();
      expect(entry).toMatchObject({ actor: 'system' });
      expect(JSON.parse(entry!.afterJson!)).toEqual({
        username: 'nation.admin',
        displayName: 'Test nation.admin',
        roles: [{ role: 'admin', orgUnitCode: 'CN' }],
      });
      // Neither the password nor its hash goes into the log.
      expect(entry!.afterJson).not.toContain(PASSWORD);
      expect(entry!.afterJson).not.toContain('scrypt');
    });

    it.each([
      ['shorter than 12 characters', 'short.pw', 'Sh0rt!pw'],
      ['containing the user name', 'carol.weak', 'my-CAROL.WEAK-password-2024'],
      ['all one character', 'dave.weak', 'zzzzzzzzzzzzzzzz'],
    ])('refuses a password %s with InputError naming password', async (_, username, password) => {
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(
        access.createUser(
          null,
          { username, displayName: username, password, roles: [] },
          SYSTEM_ACTOR,
        ),
      );
      expect(problemPaths(error)).toEqual(['password']);
      await expectUnchanged(fixture.store.db, before);
    });

    it('refuses a user name that is taken with ConflictError', async () => {
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(create('hubei.reporter', []));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toContain('hubei.reporter');
      await expectUnchanged(fixture.store.db, before);
    });

    it('refuses an unknown org unit with InputError naming roles.0.orgUnitCode', async () => {
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(
        create('nobody.here', [{ role: 'viewer', orgUnitCode: '999999' }]),
      );
      expect(problemPaths(error)).toEqual(['roles.0.orgUnitCode']);
      await expectUnchanged(fixture.store.db, before);
    });
  });

  describe('signIn', () => {
    it('returns a session whose actions fit the roles', async () => {
      const { secret, session } = await access.signIn('hubei.reporter', PASSWORD, CLIENT);
      expect(secret).toMatch(/^pws_[A-Za-z0-9_-]{40,}$/);
      expect(session.user).toMatchObject({ id: hubeiReporter.id, username: 'hubei.reporter' });
      expect(session.actions).toEqual([
        'read:published',
        'read:unpublished',
        'data:write',
        'task:report',
        'token:manage',
        'self',
      ]);
      expect(session.csrfToken.length).toBeGreaterThanOrEqual(32);
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());

      const admin = await access.signIn('nation.admin', PASSWORD, CLIENT);
      expect(admin.session.actions).toEqual([
        'read:published',
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
        'token:manage',
        'self',
      ]);
      reporterSecret = secret;
      adminSecret = admin.secret;
    });

    it('refuses a wrong password and an unknown user with the same message, auditing each once', async () => {
      const db = fixture.store.db;
      const before = await snapshot(db);
      const wrong = await rejectionOf(
        access.signIn('hunan.reporter', 'not the password at all', CLIENT),
      );
      const unknown = await rejectionOf(
        access.signIn('no.such.user', 'not the password at all', CLIENT),
      );
      expect(wrong).toBeInstanceOf(UnauthorizedError);
      expect(unknown).toBeInstanceOf(UnauthorizedError);
      expect(wrong.message).toBe(unknown.message);
      expect(wrong.message).not.toMatch(/unknown|no such|exist/i);

      const entries = await auditSince(db, before.auditHead);
      expect(
        entries.map((entry) => [entry.action, entry.entityId, entry.actor, entry.actorIp]),
      ).toEqual([
        ['session.sign_in_refused', 'hunan.reporter', 'anonymous', CLIENT.ip],
        ['session.sign_in_refused', 'no.such.user', 'anonymous', CLIENT.ip],
      ]);
      // Only the counter of the account that exists moved; no session, token or role changed.
      const after = await snapshot(db);
      expect(after.sessions).toEqual(before.sessions);
      expect(after.tokens).toEqual(before.tokens);
      expect(after.assignments).toEqual(before.assignments);
      expect(after.dataValues).toBe(before.dataValues);
      const counterless = (rows: unknown[]) =>
        (rows as { id: number; failedSignIns: number }[]).map((row) =>
          row.id === hunanReporter.id ? { ...row, failedSignIns: 0 } : row,
        );
      expect(counterless(after.users)).toEqual(counterless(before.users));
      const hunan = (
        after.users as { id: number; failedSignIns: number; lockedUntil: string | null }[]
      ).find((row) => row.id === hunanReporter.id)!;
      expect(hunan).toMatchObject({ failedSignIns: 1, lockedUntil: null });
    });

    it(`locks the account after ${MAX_FAILED_SIGN_INS} wrong passwords, refusing even the right one`, async () => {
      const db = fixture.store.db;
      await create('lock.me', [{ role: 'viewer', orgUnitCode: '420100' }]);
      for (let attempt = 1; attempt <= MAX_FAILED_SIGN_INS; attempt++) {
        const error = await rejectionOf(
          access.signIn('lock.me', `wrong guess number ${attempt}`, CLIENT),
        );
        expect(error).toBeInstanceOf(UnauthorizedError);
      }
      const before = await snapshot(db);
      const startedAt = Date.now();
      const locked = await rejectionOf(access.signIn('lock.me', PASSWORD, CLIENT));
      expect(locked).toBeInstanceOf(LockedError);
      const until = (locked as LockedError).until;
      expect(Date.parse(until)).toBeGreaterThan(startedAt + LOCKOUT_MS - 60_000);
      expect(Date.parse(until)).toBeLessThanOrEqual(startedAt + LOCKOUT_MS);
      expect(locked.message).toContain(until);
      // The refusal is audited once and changes nothing else (the counter does not move while locked).
      await expectUnchanged(db, before, 1);
      const [entry] = await auditSince(db, before.auditHead);
      expect(entry).toMatchObject({ action: 'session.sign_in_refused', entityId: 'lock.me' });

      const again = await rejectionOf(access.signIn('lock.me', 'yet another wrong guess', CLIENT));
      expect(again).toBeInstanceOf(LockedError);
      const user = await access.userByName('lock.me');
      expect(user.lockedUntil).toBe(until);
    });

    it('resets the count of failures on a successful sign-in', async () => {
      const db = fixture.store.db;
      await create('reset.me', [{ role: 'viewer', orgUnitCode: '420100' }]);
      const account = () =>
        db
          .selectFrom('userAccount')
          .select(['failedSignIns', 'lockedUntil'])
          .where('username', '=', 'reset.me')
          .executeTakeFirstOrThrow();
      for (let attempt = 1; attempt < MAX_FAILED_SIGN_INS; attempt++)
        await rejectionOf(access.signIn('reset.me', `wrong guess number ${attempt}`, CLIENT));
      expect(await account()).toEqual({
        failedSignIns: MAX_FAILED_SIGN_INS - 1,
        lockedUntil: null,
      });
      await access.signIn('reset.me', PASSWORD, CLIENT);
      expect(await account()).toEqual({ failedSignIns: 0, lockedUntil: null });
      // The next failure counts from zero: one more does not lock.
      await rejectionOf(access.signIn('reset.me', 'one more wrong guess', CLIENT));
      expect(await account()).toEqual({ failedSignIns: 1, lockedUntil: null });
    });

    it(`locks the account when ${MAX_FAILED_SIGN_INS} wrong passwords arrive at once`, async () => {
      await create('burst.me', [{ role: 'viewer', orgUnitCode: '420100' }]);
      const guesses = Array.from({ length: MAX_FAILED_SIGN_INS }, (_, index) =>
        rejectionOf(access.signIn('burst.me', `parallel wrong guess ${index}`, CLIENT)),
      );
      for (const error of await Promise.all(guesses))
        expect(error).toBeInstanceOf(UnauthorizedError);
      // Five failures were counted, so the account must be locked now, as after five in a row.
      const error = await rejectionOf(access.signIn('burst.me', PASSWORD, CLIENT));
      expect(error).toBeInstanceOf(LockedError);
    });
  });

  describe('sessions', () => {
    it('resolves a session from its secret, and nothing else', async () => {
      const resolved = await access.resolveSession(reporterSecret);
      expect(resolved).toMatchObject({
        principal: {
          kind: 'user',
          userId: hubeiReporter.id,
          username: 'hubei.reporter',
          via: 'session',
          grants: [{ role: 'reporter', orgUnitCode: '420000', orgUnitPath: '/CN/420000/' }],
        },
      });
      const secret = reporterSecret;
      const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      for (const wrong of [
        tampered,
        'pws_' + 'x'.repeat(43),
        secret.slice(4),
        'pwt_' + secret.slice(4),
        `${secret} `,
        '',
        resolved!.csrfToken,
        resolved!.sessionId,
      ]) {
        expect(await access.resolveSession(wrong)).toBeNull();
      }
    });

    it('ends the session on signOut', async () => {
      const resolved = (await access.resolveSession(reporterSecret))!;
      await access.signOut(resolved.sessionId, actorOf(resolved.principal, CLIENT.ip));
      expect(await access.resolveSession(reporterSecret)).toBeNull();
      expect(await access.resolveSession(adminSecret)).not.toBeNull();
    });

    it('ends every session of the user on signOutEverywhere, and only theirs', async () => {
      const first = await access.signIn('hunan.reporter', PASSWORD, CLIENT);
      const second = await access.signIn('hunan.reporter', PASSWORD, CLIENT);
      const count = await access.signOutEverywhere(
        asHunanReporter,
        actorOf(asHunanReporter, CLIENT.ip),
      );
      expect(count).toBe(2);
      expect(await access.resolveSession(first.secret)).toBeNull();
      expect(await access.resolveSession(second.secret)).toBeNull();
      expect(await access.resolveSession(adminSecret)).not.toBeNull();
    });

    it('changes a password only with the current one and to a strong one, ending every session', async () => {
      const user = await create('change.me', [{ role: 'viewer', orgUnitCode: '420100' }]);
      const principal = await principalOf(access, user);
      const actor = actorOf(principal, CLIENT.ip);
      const first = await access.signIn('change.me', PASSWORD, CLIENT);
      const second = await access.signIn('change.me', PASSWORD, CLIENT);

      const before = await snapshot(fixture.store.db);
      const wrong = await rejectionOf(
        access.changePassword(principal, 'not my password!', OTHER_PASSWORD, actor),
      );
      expect(wrong).toBeInstanceOf(UnauthorizedError);
      const weak = await rejectionOf(
        access.changePassword(principal, PASSWORD, 'xx-change.me-xx-2024', actor),
      );
      expect(problemPaths(weak)).toEqual(['newPassword']);
      await expectUnchanged(fixture.store.db, before);
      expect(await access.resolveSession(first.secret)).not.toBeNull();

      await access.changePassword(principal, PASSWORD, OTHER_PASSWORD, actor);
      expect(await access.resolveSession(first.secret)).toBeNull();
      expect(await access.resolveSession(second.secret)).toBeNull();
      expect(await rejectionOf(access.signIn('change.me', PASSWORD, CLIENT))).toBeInstanceOf(
        UnauthorizedError,
      );
      const fresh = await access.signIn('change.me', OTHER_PASSWORD, CLIENT);
      expect(await access.resolveSession(fresh.secret)).not.toBeNull();
    });
  });

  describe('scoped administration', () => {
    let wuhanReporter: User;

    it("lets a Hubei admin create a Wuhan reporter and grant a role in Jiang'an", async () => {
      wuhanReporter = await access.createUser(
        asHubeiAdmin,
        {
          username: 'wuhan.reporter',
          displayName: 'Wuhan reporter',
          password: PASSWORD,
          roles: [{ role: 'reporter', orgUnitCode: '420100' }],
        },
        actorOf(asHubeiAdmin, CLIENT.ip),
      );
      expect(wuhanReporter.roles).toMatchObject([{ role: 'reporter', orgUnitCode: '420100' }]);
      wuhanReporter = await access.grantRole(
        asHubeiAdmin,
        wuhanReporter.id,
        { role: 'viewer', orgUnitCode: '420102' },
        actorOf(asHubeiAdmin, CLIENT.ip),
      );
      expect(wuhanReporter.roles.map((role) => [role.role, role.orgUnitCode])).toEqual([
        ['reporter', '420100'],
        ['viewer', '420102'],
      ]);
      const assignment = await fixture.store.db
        .selectFrom('roleAssignment')
        .select('grantedBy')
        .where('userId', '=', wuhanReporter.id)
        .execute();
      expect(assignment.map((row) => row.grantedBy)).toEqual([hubeiAdmin.id, hubeiAdmin.id]);
    });

    it.each([
      ['reporter', '430000'],
      ['viewer', 'CN'],
      ['admin', 'CN'],
    ] as const)(
      'refuses a Hubei admin creating or granting %s on %s',
      async (role, orgUnitCode) => {
        const db = fixture.store.db;
        const before = await snapshot(db);
        const actor = actorOf(asHubeiAdmin, CLIENT.ip);
        const created = await rejectionOf(
          access.createUser(
            asHubeiAdmin,
            {
              username: 'too.far',
              displayName: 'Too far',
              password: PASSWORD,
              roles: [{ role, orgUnitCode }],
            },
            actor,
          ),
        );
        expect(created).toBeInstanceOf(ForbiddenError);
        // Also when the first role is within scope and a later one is not.
        const mixed = await rejectionOf(
          access.createUser(
            asHubeiAdmin,
            {
              username: 'too.far',
              displayName: 'Too far',
              password: PASSWORD,
              roles: [
                { role: 'viewer', orgUnitCode: '420100' },
                { role, orgUnitCode },
              ],
            },
            actor,
          ),
        );
        expect(mixed).toBeInstanceOf(ForbiddenError);
        const granted = await rejectionOf(
          access.grantRole(asHubeiAdmin, hubeiReporter.id, { role, orgUnitCode }, actor),
        );
        expect(granted).toBeInstanceOf(ForbiddenError);
        await expectUnchanged(db, before);
      },
    );

    it('refuses a Hubei reporter creating users or granting roles', async () => {
      const db = fixture.store.db;
      const before = await snapshot(db);
      const actor = actorOf(asHubeiReporter, CLIENT.ip);
      const error = await rejectionOf(
        access.createUser(
          asHubeiReporter,
          {
            username: 'by.reporter',
            displayName: 'By reporter',
            password: PASSWORD,
            roles: [{ role: 'reporter', orgUnitCode: '420100' }],
          },
          actor,
        ),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
      // Without roles the request is refused as well (the HTTP policy answers 403 before the service).
      await rejectionOf(
        access.createUser(
          asHubeiReporter,
          { username: 'by.reporter', displayName: 'By reporter', password: PASSWORD, roles: [] },
          actor,
        ),
      );
      const grant = await rejectionOf(
        access.grantRole(
          asHubeiReporter,
          hubeiReporter.id,
          { role: 'viewer', orgUnitCode: '420100' },
          actor,
        ),
      );
      expect(grant).toBeInstanceOf(ForbiddenError);
      await expectUnchanged(db, before);
    });

    it('refuses a Hubei admin revoking a role outside Hubei, and allows it inside', async () => {
      const db = fixture.store.db;
      const actor = actorOf(asHubeiAdmin, CLIENT.ip);
      const hunanAssignment = (await access.getUser(hunanReporter.id)).roles[0]!;
      const nationAssignment = (await access.getUser(nationalViewer.id)).roles[0]!;
      const before = await snapshot(db);
      for (const [user, assignment] of [
        [hunanReporter, hunanAssignment],
        [nationalViewer, nationAssignment],
      ] as const) {
        const error = await rejectionOf(
          access.revokeRole(asHubeiAdmin, user.id, assignment.id, actor),
        );
        expect(error).toBeInstanceOf(ForbiddenError);
      }
      // An assignment id of another user is not found, whatever its unit.
      const mismatch = await rejectionOf(
        access.revokeRole(asHubeiAdmin, hubeiReporter.id, hunanAssignment.id, actor),
      );
      expect(mismatch).toBeInstanceOf(NotFoundError);
      await expectUnchanged(db, before);

      const viewerRole = wuhanReporter.roles.find((role) => role.role === 'viewer')!;
      const after = await access.revokeRole(asHubeiAdmin, wuhanReporter.id, viewerRole.id, actor);
      expect(after.roles.map((role) => role.role)).toEqual(['reporter']);
    });

    it('lists to a Hubei admin only the users with a role inside Hubei', async () => {
      const listed = await access.listUsers(asHubeiAdmin);
      const names = listed.map((user) => user.username);
      expect(names).toEqual(
        expect.arrayContaining(['hubei.admin', 'hubei.reporter', 'wuhan.reporter']),
      );
      for (const outsider of ['nation.admin', 'nation.viewer', 'hunan.reporter'])
        expect(names).not.toContain(outsider);
      for (const user of listed) {
        const paths = await Promise.all(
          user.roles.map((role) => access.unitPath(role.orgUnitCode)),
        );
        expect(paths.some((path) => path!.startsWith('/CN/420000/'))).toBe(true);
      }
      const everyone = (await access.listUsers(asNationalAdmin)).map((user) => user.username);
      expect(everyone).toEqual(
        expect.arrayContaining(['nation.admin', 'hunan.reporter', 'hubei.admin']),
      );
      expect(await rejectionOf(access.listUsers(asHubeiReporter))).toBeInstanceOf(ForbiddenError);
    });
  });

  describe('API tokens', () => {
    it('creates a token with a subset of the grants and shows the secret once', async () => {
      const created = await access.createToken(
        asHubeiReporter,
        {
          name: 'wuhan import',
          grants: [{ role: 'reporter', orgUnitCode: '420100' }],
          expiresAt: inDays(30),
        },
        actorOf(asHubeiReporter, CLIENT.ip),
      );
      expect(created.token).toMatch(/^pwt_[A-Za-z0-9_-]{40,}$/);
      expect(created.token.startsWith(created.prefix)).toBe(true);
      expect(created.prefix.length).toBeLessThan(created.token.length / 3);
      expect(created.grants).toEqual([{ role: 'reporter', orgUnitCode: '420100' }]);

      const listed = await access.listTokens(asHubeiReporter);
      const mine = listed.find((token) => token.id === created.id)!;
      expect(mine).toMatchObject({ name: 'wuhan import', prefix: created.prefix, revokedAt: null });
      expect(Object.keys(mine)).not.toContain('token');
      expect(Object.keys(mine)).not.toContain('tokenHash');
      const row = await fixture.store.db
        .selectFrom('apiToken')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(listed)).not.toContain(created.token);
      expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
      expect(JSON.stringify(row)).not.toContain(created.token);
      // Other users do not see it.
      expect((await access.listTokens(asHunanReporter)).map((token) => token.id)).not.toContain(
        created.id,
      );

      const principal = await access.resolveToken(created.token);
      expect(principal).toEqual({
        kind: 'user',
        userId: hubeiReporter.id,
        username: 'hubei.reporter',
        via: 'token',
        grants: [{ role: 'reporter', orgUnitCode: '420100', orgUnitPath: '/CN/420000/420100/' }],
      });
      expect(await access.resolveToken(`${created.token}x`)).toBeNull();
      expect(await access.resolveToken(created.token.slice(0, -1))).toBeNull();
      expect(await access.resolveToken(created.prefix)).toBeNull();
    });

    it.each([
      ['reporter', '430000'],
      ['reporter', 'CN'],
      ['admin', '420000'],
      ['reviewer', '420100'],
    ] as const)(
      "refuses a token carrying %s on %s beyond the user's own grants",
      async (role, orgUnitCode) => {
        const before = await snapshot(fixture.store.db);
        const error = await rejectionOf(
          access.createToken(
            asHubeiReporter,
            {
              name: 'too much',
              grants: [
                { role: 'reporter', orgUnitCode: '420100' },
                { role, orgUnitCode },
              ],
              expiresAt: inDays(30),
            },
            actorOf(asHubeiReporter, CLIENT.ip),
          ),
        );
        expect(error).toBeInstanceOf(ForbiddenError);
        await expectUnchanged(fixture.store.db, before);
      },
    );

    it.each([
      ['in the past', () => inDays(-1)],
      ['now', () => new Date().toISOString()],
      ['more than a year ahead', () => inDays(400)],
      ['not a date', () => 'tomorrow'],
    ])('refuses an expiry %s with InputError naming expiresAt', async (_, expiresAt) => {
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(
        access.createToken(
          asHubeiReporter,
          {
            name: 'bad expiry',
            grants: [{ role: 'viewer', orgUnitCode: '420000' }],
            expiresAt: expiresAt(),
          },
          actorOf(asHubeiReporter, CLIENT.ip),
        ),
      );
      expect(problemPaths(error)).toEqual(['expiresAt']);
      await expectUnchanged(fixture.store.db, before);
    });

    it('refuses a token creating tokens', async () => {
      const created = await access.createToken(
        asHubeiReporter,
        {
          name: 'no nesting',
          grants: [{ role: 'viewer', orgUnitCode: '420000' }],
          expiresAt: inDays(1),
        },
        actorOf(asHubeiReporter, CLIENT.ip),
      );
      const viaToken = (await access.resolveToken(created.token))!;
      const error = await rejectionOf(
        access.createToken(
          viaToken,
          {
            name: 'nested',
            grants: [{ role: 'viewer', orgUnitCode: '420000' }],
            expiresAt: inDays(1),
          },
          actorOf(viaToken, CLIENT.ip),
        ),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
    });

    it('resolves no token once revoked or expired', async () => {
      const actor = actorOf(asHubeiReporter, CLIENT.ip);
      const revoked = await access.createToken(
        asHubeiReporter,
        {
          name: 'to revoke',
          grants: [{ role: 'viewer', orgUnitCode: '420000' }],
          expiresAt: inDays(1),
        },
        actor,
      );
      expect(await access.resolveToken(revoked.token)).not.toBeNull();
      // Only its owner may revoke it.
      expect(
        await rejectionOf(access.revokeToken(asHunanReporter, revoked.id, actor)),
      ).toBeInstanceOf(NotFoundError);
      expect(await access.resolveToken(revoked.token)).not.toBeNull();
      await access.revokeToken(asHubeiReporter, revoked.id, actor);
      expect(await access.resolveToken(revoked.token)).toBeNull();
      expect(
        (await access.listTokens(asHubeiReporter)).find((token) => token.id === revoked.id)!
          .revokedAt,
      ).not.toBeNull();

      const expiring = await access.createToken(
        asHubeiReporter,
        {
          name: 'to expire',
          grants: [{ role: 'viewer', orgUnitCode: '420000' }],
          expiresAt: inDays(1),
        },
        actor,
      );
      expect(await access.resolveToken(expiring.token)).not.toBeNull();
      // Let it expire: move its expiry into the past.
      await fixture.store.db
        .updateTable('apiToken')
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', expiring.id)
        .execute();
      expect(await access.resolveToken(expiring.token)).toBeNull();
    });

    it('stops carrying a role its user has lost', async () => {
      const user = await access.createUser(
        asHubeiAdmin,
        {
          username: 'xiaogan.reporter',
          displayName: 'Xiaogan reporter',
          password: PASSWORD,
          roles: [
            { role: 'reporter', orgUnitCode: '420100' },
            { role: 'viewer', orgUnitCode: '420000' },
          ],
        },
        actorOf(asHubeiAdmin, CLIENT.ip),
      );
      const principal = await principalOf(access, user);
      const created = await access.createToken(
        principal,
        {
          name: 'both',
          grants: [
            { role: 'reporter', orgUnitCode: '420100' },
            { role: 'viewer', orgUnitCode: '420000' },
          ],
          expiresAt: inDays(10),
        },
        actorOf(principal, CLIENT.ip),
      );
      expect((await access.resolveToken(created.token))!.grants.map((grant) => grant.role)).toEqual(
        ['reporter', 'viewer'],
      );
      const reporterRole = user.roles.find((role) => role.role === 'reporter')!;
      await access.revokeRole(
        asHubeiAdmin,
        user.id,
        reporterRole.id,
        actorOf(asHubeiAdmin, CLIENT.ip),
      );
      const after = (await access.resolveToken(created.token))!;
      expect(after.grants).toEqual([
        { role: 'viewer', orgUnitCode: '420000', orgUnitPath: '/CN/420000/' },
      ]);
    });
  });

  describe('drafts', () => {
    const draft = (
      orgUnitCode: string,
      extra: Partial<{ indicatorCode: string; period: string }> = {},
    ) => ({
      indicatorCode: INDICATOR,
      orgUnitCode,
      period: '2024',
      value: 0.42,
      comment: 'entered by the test',
      ...extra,
    });

    it('lets a Hubei reporter write a draft for Wuhan but not for Hunan', async () => {
      const saved = await dataEntry.writeDraft(
        asHubeiReporter,
        draft('420100'),
        actorOf(asHubeiReporter, CLIENT.ip),
      );
      expect(saved).toMatchObject({
        indicatorCode: INDICATOR,
        orgUnitCode: '420100',
        period: '2024',
        periodType: 'year',
        value: 0.42,
        status: 'draft',
        comment: 'entered by the test',
        createdBy: `user:${hubeiReporter.id}:hubei.reporter`,
      });
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(
        dataEntry.writeDraft(asHubeiReporter, draft('430000'), actorOf(asHubeiReporter, CLIENT.ip)),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
      const anonymous = await rejectionOf(
        dataEntry.writeDraft(ANONYMOUS, draft('420100'), actorOf(ANONYMOUS, CLIENT.ip)),
      );
      expect([ForbiddenError.name, UnauthorizedError.name]).toContain(anonymous.name);
      await expectUnchanged(fixture.store.db, before);
    });

    it.each([
      ['an unknown indicator', { indicatorCode: 'no_such_indicator' }, 'indicatorCode'],
      ['a bad period', { period: '2020Q5' }, 'period'],
    ])('refuses %s with InputError naming the field', async (_, extra, field) => {
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(
        dataEntry.writeDraft(
          asHubeiReporter,
          draft('420100', extra),
          actorOf(asHubeiReporter, CLIENT.ip),
        ),
      );
      expect(problemPaths(error)).toEqual([field]);
      await expectUnchanged(fixture.store.db, before);
    });

    it('shows the draft to the Hubei reporter and a national viewer, not to anonymous or Hunan', async () => {
      const drafts = async (viewer: Principal) =>
        (
          await catalogue.listDataValues({ indicator: INDICATOR, orgUnit: '420100' }, viewer)
        ).filter((value) => value.status === 'draft');
      expect(await drafts(asHubeiReporter)).toMatchObject([{ period: '2024', value: 0.42 }]);
      expect(await drafts(asNationalViewer)).toMatchObject([{ period: '2024', value: 0.42 }]);
      expect(await drafts(ANONYMOUS)).toEqual([]);
      expect(await drafts(asHunanReporter)).toEqual([]);
      // Nor without the unit filter.
      const all = await catalogue.listDataValues({ indicator: INDICATOR }, asHunanReporter);
      expect(all.filter((value) => value.status === 'draft')).toEqual([]);
    });
  });

  it('keeps the audit chain verifiable after all of the above', async () => {
    const result = await verifyAudit(fixture.store.db);
    expect(result).toMatchObject({ ok: true });
    expect(result.entries).toBe(await auditHead(fixture.store.db));
  });
});
