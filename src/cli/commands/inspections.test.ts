/**
 * `planwatch inspections list|summary` on both engines, run in-process
 * against the suite's store (the settings point at it), as text and JSON.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type {
  InspectionPlanSummary,
  InspectionYearSummary,
} from '../../api/inspections-contract.js';
import { AccessService } from '../../services/access.service.js';
import { ensureDefaults } from '../../services/defaults.service.js';
import { InspectionService } from '../../services/inspections/inspection.service.js';
import { PASSWORD, principalOf } from '../../test-support/access.js';
import { describeEachStore } from '../../test-support/stores.js';
import { registerInspectionCommands } from './inspections.js';

describeEachStore('planwatch inspections', (fixture) => {
  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    const access = new AccessService(db);
    const actor = { name: 'test', ip: null };
    const inspector = await principalOf(
      access,
      await access.createUser(
        null,
        {
          username: 'cli-inspector',
          displayName: 'Inspector',
          password: PASSWORD,
          roles: [{ role: 'inspector', orgUnitCode: 'CN' }],
        },
        actor,
      ),
    );
    const service = new InspectionService(db);
    const plan = await service.createPlan(
      inspector,
      { year: 2026, title: 'National 2026', orgUnit: 'CN', description: '' },
      actor,
    );
    const hubei = await service.createInspection(
      inspector,
      plan.id,
      { orgUnit: '420000', scheduledOn: '2026-04-01', inspectors: [] },
      actor,
    );
    await service.createPlan(
      inspector,
      { year: 2025, title: 'National 2025', orgUnit: 'CN', description: '' },
      actor,
    );
    for (const severity of ['major', 'major', 'minor'] as const) {
      await service.addFinding(
        inspector,
        hubei.id,
        { severity, description: `a ${severity} finding` },
        actor,
      );
    }
    vi.stubEnv('PLANWATCH_DATA', fixture.location.dataDir);
    vi.stubEnv('DATABASE_URL', fixture.location.databaseUrl ?? '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  async function run(...args: string[]): Promise<string> {
    const program = new Command('planwatch').exitOverride();
    registerInspectionCommands(program);
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(['node', 'planwatch', ...args]);
    } finally {
      write.mockRestore();
    }
    return out;
  }

  it('lists the plans of a year with their counts', async () => {
    const all = JSON.parse(await run('inspections', 'list', '--json')) as InspectionPlanSummary[];
    expect(all.map((plan) => plan.year)).toEqual([2026, 2025]);
    const text = await run('inspections', 'list', '--year', '2026');
    expect(text).toMatch(
      /^#\d+ 2026 National 2026 \(by CN .+\): 1 inspections, 3 findings; open: 0 critical, 2 major, 1 minor\n$/,
    );
  });

  it('summarises the open findings per inspected unit', async () => {
    const summary = JSON.parse(
      await run('inspections', 'summary', '--year', '2026', '--json'),
    ) as InspectionYearSummary;
    expect(summary.items.map((item) => [item.unit.code, item.openFindings])).toEqual([
      ['420000', { minor: 1, major: 2, critical: 0 }],
    ]);
    const text = await run('inspections', 'summary', '--year', '2026');
    expect(text).toContain(
      '420000 Hubei: 1 inspections; open findings 3 (0 critical, 2 major, 1 minor)',
    );
    expect(await run('inspections', 'summary', '--year', '2024')).toBe('No inspections in 2024\n');
  });

  it('refuses a year that is not one', async () => {
    await expect(run('inspections', 'summary', '--year', 'soon')).rejects.toThrow(
      /a year from 2000 to 2100/,
    );
    await expect(run('inspections', 'summary')).rejects.toThrow(/--year/);
  });
});
