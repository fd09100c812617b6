import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../core/access/policy.js';
import { describeEachStore } from '../test-support/stores.js';
import { CatalogueService } from './catalogue.service.js';
import { DataEntryService } from './data-entry.service.js';
import { ensureDefaults } from './defaults.service.js';
import { ConflictError } from './errors.js';

const hubeiReporter: Principal = {
  kind: 'user',
  userId: 7,
  username: 'hubei',
  via: 'session',
  grants: [{ role: 'reporter', orgUnitCode: '420000', orgUnitPath: '/CN/420000/' }],
};
const hunanViewer: Principal = {
  kind: 'user',
  userId: 8,
  username: 'hunan',
  via: 'session',
  grants: [{ role: 'viewer', orgUnitCode: '430000', orgUnitPath: '/CN/430000/' }],
};
const actor = { name: 'user:7:hubei', ip: '127.0.0.1' };
const key = { indicatorCode: 'internet_penetration', orgUnitCode: '420100', period: '2024' };
const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

describeEachStore('revisions, vintages and lost updates', (fixture) => {
  let entry: DataEntryService;
  let catalogue: CatalogueService;
  const times: Record<string, string> = {};

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    entry = new DataEntryService(fixture.store.db);
    catalogue = new CatalogueService(fixture.store.db);
    times.before = new Date().toISOString();
    await tick();
    await entry.writeDraft(hubeiReporter, { ...key, value: 71.2, comment: 'first count' }, actor);
    await tick();
    times.between = new Date().toISOString();
    await tick();
    await entry.writeDraft(
      hubeiReporter,
      {
        ...key,
        value: 71.5,
        comment: 'first count',
        expectedVersion: 1,
        reason: 'county 420102 was missing',
      },
      actor,
    );
    await tick();
    times.after = new Date().toISOString();
  });

  const valueAt = async (asOf: string | undefined, viewer: Principal = hubeiReporter) =>
    (
      await catalogue.listDataValues(
        { indicator: key.indicatorCode, orgUnit: key.orgUnitCode, asOf },
        viewer,
      )
    ).map((value) => [value.value, value.version]);

  it('keeps every state with who, when and why', async () => {
    const history = await catalogue.valueHistory(
      { indicator: key.indicatorCode, orgUnit: key.orgUnitCode, period: key.period, basis: '' },
      hubeiReporter,
    );
    expect(
      history.map((revision) => [
        revision.version,
        revision.value,
        revision.reason,
        revision.recordedBy,
      ]),
    ).toEqual([
      [1, 71.2, null, 'user:7:hubei'],
      [2, 71.5, 'county 420102 was missing', 'user:7:hubei'],
    ]);
  });

  it('answers "as it was on" any moment', async () => {
    expect(await valueAt(times.before)).toEqual([]);
    expect(await valueAt(times.between)).toEqual([[71.2, 1]]);
    expect(await valueAt(times.after)).toEqual([[71.5, 2]]);
    expect(await valueAt(undefined)).toEqual([[71.5, 2]]);
    expect(await valueAt(times.after!.slice(0, 10))).toEqual([[71.5, 2]]);
  });

  it('keeps drafts out of sight of other provinces, now and in the past', async () => {
    expect(await valueAt(times.between, hunanViewer)).toEqual([]);
    expect(await valueAt(undefined, { kind: 'anonymous' })).toEqual([]);
    await expect(
      catalogue.valueHistory(
        { indicator: key.indicatorCode, orgUnit: key.orgUnitCode, period: key.period, basis: '' },
        hunanViewer,
      ),
    ).rejects.toThrow('that you may see');
  });

  it('refuses a save based on an old version and shows the change that came first', async () => {
    const stale = entry.writeDraft(
      hubeiReporter,
      { ...key, value: 99, comment: null, expectedVersion: 1 },
      actor,
    );
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(
      'to 71.5 (version 2) after you loaded version 1; your change was not saved',
    );
    const error = (await stale.catch((caught: unknown) => caught)) as ConflictError;
    expect(error.current).toMatchObject({ value: 71.5, version: 2 });
    await expect(
      entry.writeDraft(hubeiReporter, { ...key, value: 99, comment: null }, actor),
    ).rejects.toThrow('send expectedVersion 2 to change it');
    expect(await valueAt(undefined)).toEqual([[71.5, 2]]);
  });

  it('lets exactly one of two simultaneous saves of the same version through', async () => {
    const results = await Promise.allSettled([
      entry.writeDraft(
        hubeiReporter,
        { ...key, value: 72.0, comment: null, expectedVersion: 2 },
        actor,
      ),
      entry.writeDraft(
        hubeiReporter,
        { ...key, value: 72.4, comment: null, expectedVersion: 2 },
        actor,
      ),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(ConflictError);
    const [[value, version]] = (await valueAt(undefined)) as [[number, number]];
    expect(version).toBe(3);
    expect([72.0, 72.4]).toContain(value);
  });

  it('gives published figures their first revision too', async () => {
    const history = await catalogue.valueHistory(
      {
        indicator: 'internet_users',
        orgUnit: 'CN',
        period: '2015',
        basis: 'CNNIC survey (year end)',
      },
      { kind: 'anonymous' },
    );
    expect(history).toMatchObject([
      { version: 1, value: 6.88, status: 'published', recordedBy: 'system:defaults' },
    ]);
  });
});
