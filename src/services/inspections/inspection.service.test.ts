/**
 * The inspection service on both engines, beyond what the HTTP tests show:
 * it checks scope itself (the CLI and other callers have no route policy),
 * and writers racing each other never leave a closed finding with an open
 * rectification item, nor an item marked done twice.
 */
import { beforeAll, expect, it } from 'vitest';
import { AccessService } from '../../services/access.service.js';
import { ensureDefaults } from '../../services/defaults.service.js';
import {
  auditHead,
  PASSWORD,
  principalOf,
  rejectionOf,
  type UserPrincipal,
} from '../../test-support/access.js';
import { describeEachStore } from '../../test-support/stores.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import { InspectionService, OPERATOR } from './inspection.service.js';

const actor = { name: 'test', ip: null };

describeEachStore('inspection service', (fixture) => {
  let service: InspectionService;
  let inspector: UserPrincipal;
  let hubeiInspector: UserPrincipal;
  let wuhanReporter: UserPrincipal;
  let inspectionId = 0;

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    const access = new AccessService(db);
    const user = async (username: string, role: 'inspector' | 'reporter', unit: string) =>
      principalOf(
        access,
        await access.createUser(
          null,
          {
            username,
            displayName: username,
            password: PASSWORD,
            roles: [{ role, orgUnitCode: unit }],
          },
          actor,
        ),
      );
    inspector = await user('svc-nation', 'inspector', 'CN');
    hubeiInspector = await user('svc-hubei', 'inspector', '420000');
    wuhanReporter = await user('svc-wuhan', 'reporter', '420100');
    service = new InspectionService(db, () => new Date('2026-06-10T08:00:00Z'));
    const plan = await service.createPlan(
      inspector,
      { year: 2026, title: 'Races', orgUnit: 'CN', description: '' },
      actor,
    );
    inspectionId = (
      await service.createInspection(
        inspector,
        plan.id,
        { orgUnit: '420000', scheduledOn: '2026-03-01', inspectors: [] },
        actor,
      )
    ).id;
  });

  async function finding(): Promise<number> {
    return (
      await service.addFinding(
        inspector,
        inspectionId,
        { severity: 'major', description: 'raced over' },
        actor,
      )
    ).id;
  }

  it('checks the caller’s scope itself, writing nothing when refused', async () => {
    const head = await auditHead(fixture.store.db);
    const findingId = await finding();
    const afterFinding = await auditHead(fixture.store.db);
    expect(afterFinding).toBe(head + 1);
    const item = await service.addRectification(
      inspector,
      findingId,
      { title: 'fix', ownerUnit: '420100', dueOn: '2026-07-01' },
      actor,
    );
    // Thunks: each call starts only when awaited, so no refusal goes unobserved.
    const refusals = [
      () =>
        service.createPlan(
          hubeiInspector,
          { year: 2026, title: 'x', orgUnit: 'CN', description: '' },
          actor,
        ),
      () =>
        service.addFinding(
          hubeiInspector,
          inspectionId,
          { severity: 'minor', description: 'x' },
          actor,
        ),
      () => service.closeFinding(hubeiInspector, findingId, { note: 'x' }, actor),
      () =>
        service.markRectificationDone(
          hubeiInspector,
          item.id,
          { note: 'x', evidenceLink: 'https://x.example' },
          null,
          actor,
        ),
      () =>
        service.addRectification(
          wuhanReporter,
          findingId,
          { title: 'x', ownerUnit: '420100', dueOn: '2026-07-01' },
          actor,
        ),
    ];
    for (const refusal of refusals)
      expect(await rejectionOf(refusal())).toBeInstanceOf(ForbiddenError);
    expect(await auditHead(fixture.store.db)).toBe(afterFinding + 1);
  });

  it('lets the operator (CLI) see everything', async () => {
    const plans = await service.listPlans(OPERATOR, { year: 2026 });
    expect(plans.items.map((plan) => plan.title)).toContain('Races');
    const noScope = { ...wuhanReporter, grants: [] };
    expect((await service.listPlans(noScope, { year: 2026 })).items).toEqual([]);
  });

  it('never closes a finding while an item added at the same moment is open', async () => {
    for (let round = 0; round < 8; round += 1) {
      const findingId = await finding();
      const [closed, added] = await Promise.allSettled([
        service.closeFinding(inspector, findingId, { note: 'closing' }, actor),
        service.addRectification(
          inspector,
          findingId,
          { title: `late ${round}`, ownerUnit: '420100', dueOn: '2026-12-31' },
          actor,
        ),
      ]);
      // Exactly one wins; the other is refused as a conflict.
      expect([closed.status, added.status].sort()).toEqual(['fulfilled', 'rejected']);
      const loser = closed.status === 'rejected' ? closed : added;
      expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    const broken = await fixture.store.db
      .selectFrom('inspectionFinding')
      .innerJoin('rectificationItem', 'rectificationItem.findingId', 'inspectionFinding.id')
      .select('inspectionFinding.id')
      .where('inspectionFinding.status', '=', 'closed')
      .where('rectificationItem.status', '=', 'open')
      .execute();
    expect(broken).toEqual([]);
  });

  it('marks an item done once when two reporters send it at once', async () => {
    const findingId = await finding();
    const item = await service.addRectification(
      inspector,
      findingId,
      { title: 'once', ownerUnit: '420100', dueOn: '2026-07-01' },
      actor,
    );
    const head = await auditHead(fixture.store.db);
    const results = await Promise.allSettled(
      [1, 2].map((n) =>
        service.markRectificationDone(
          wuhanReporter,
          item.id,
          { note: `done ${n}`, evidenceLink: `https://wuhan.example/${n}` },
          null,
          actor,
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await auditHead(fixture.store.db)).toBe(head + 1);
  });
});
