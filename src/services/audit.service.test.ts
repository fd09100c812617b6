import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/stores.js';
import { runCli } from '../test-support/cli.js';
import { appendAudit, verifyAudit } from './audit.service.js';
import { ensureDefaults } from './defaults.service.js';

describeEachStore('audit log', (fixture) => {
  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    for (let index = 1; index <= 6; index++) {
      await fixture.store.db.transaction().execute((trx) =>
        appendAudit(
          trx,
          { name: `user:${index}:tester`, ip: '127.0.0.1' },
          {
            action: 'test.change',
            entityType: 'thing',
            entityId: String(index),
            before: { value: index - 1 },
            after: { value: index, note: '引号 "quoted" \\ and 😀' },
          },
        ),
      );
    }
  });

  const cli = () =>
    runCli(['audit', 'verify'], {
      PLANWATCH_DATA: fixture.location.dataDir,
      DATABASE_URL: fixture.location.databaseUrl ?? undefined,
    });

  it('verifies an untouched store, from the service and the CLI', async () => {
    // The defaults: org units, sources, the Outline, its catalogue and figures, the example
    // breakdown's nine tasks and the example local plan with its links.
    expect(await verifyAudit(fixture.store.db)).toEqual({ ok: true, entries: 21 });
    const result = await cli();
    expect(result.stdout).toContain('Audit log intact: 21 entries verified');
    expect(result.code).toBe(0);
  });

  it('names the entry whose row was edited by hand in SQL', async () => {
    const db = fixture.store.db;
    const original = await sql<{
      afterJson: string;
    }>`select after_json from audit_log where seq = 5`.execute(db);
    await sql`update audit_log set after_json = ${'{"value":999}'} where seq = 5`.execute(db);
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      entries: 0,
      broken: { kind: 'altered', seq: 5 },
    });
    const result = await cli();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('audit log broken at entry 5');
    expect(result.stderr).toContain('was altered');
    await sql`update audit_log set after_json = ${original.rows[0]!.afterJson} where seq = 5`.execute(
      db,
    );
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('names a removed entry', async () => {
    const db = fixture.store.db;
    await sql`delete from audit_log where seq = 4`.execute(db);
    expect(await verifyAudit(db)).toMatchObject({ ok: false, broken: { kind: 'removed', seq: 4 } });
    const result = await cli();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entry 4 is missing');
  });

  it('names the first entry out of place when two rows swap their places', async () => {
    const db = fixture.store.db;
    // Renumber 6 and 7 through a free number, as someone reordering by hand would.
    await sql`update audit_log set seq = 100 where seq = 6`.execute(db);
    await sql`update audit_log set seq = 6 where seq = 7`.execute(db);
    await sql`update audit_log set seq = 7 where seq = 100`.execute(db);
    await sql`insert into audit_log select 4 as seq, at, actor, actor_ip, action, entity_type, entity_id, before_json, after_json, prev_hash, ${'x'.repeat(64)} as hash from audit_log where seq = 3`.execute(
      db,
    );
    const result = await verifyAudit(db);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.broken.seq).toBe(4);
    await sql`delete from audit_log where seq = 4`.execute(db);
    expect(await verifyAudit(db)).toMatchObject({ ok: false, broken: { kind: 'removed', seq: 4 } });
  });
});
