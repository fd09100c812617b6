/**
 * Revising a published figure, on both engines: the figure stays published
 * with its note, the vintage before still reads the first figure, and every
 * refusal (no note, a draft, a stale version, out of scope, nothing changed,
 * an unknown source or unit) names the problem and leaves the store as it was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataValue } from '../api/contract.js';
import type { Principal } from '../core/access/policy.js';
import { rejectionOf, snapshot, expectUnchanged } from '../test-support/access.js';
import { userPrincipal } from '../test-support/principals.js';
import { countRows } from '../test-support/row-counts.js';
import { describeEachStore } from '../test-support/stores.js';
import { CatalogueService } from './catalogue.service.js';
import { DataEntryService } from './data-entry.service.js';
import { DataRevisionService } from './data-revision.service.js';
import { ensureDefaults } from './defaults.service.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from './errors.js';

const nationReviewer = userPrincipal('nation-reviewer', 'reviewer', 'CN', '/CN/');
const hubeiReviewer = userPrincipal('hubei-reviewer', 'reviewer', '420000', '/CN/420000/');
const hubeiReporter = userPrincipal('hubei-reporter', 'reporter', '420000', '/CN/420000/');
const actor = { name: 'user:1:nation-reviewer', ip: '127.0.0.1' };
const anonymous: Principal = { kind: 'anonymous' };

describeEachStore('revising published figures', (fixture) => {
  // The shipped figures are stored today: revisions come on later days of the test's clock.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
  const dateOf = (offset: number) => day(offset).toISOString().slice(0, 10);
  let clock = day(0);
  let revisions: DataRevisionService;
  let catalogue: CatalogueService;
  let published: DataValue;

  const nationalEcommerce = async (asOf?: string) =>
    (
      await catalogue.listDataValues(
        { indicator: 'ecommerce_volume', orgUnit: 'CN', period: '2020', asOf },
        anonymous,
      )
    ).filter((value) => value.basis === published.basis);

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    revisions = new DataRevisionService(fixture.store.db, () => clock);
    catalogue = new CatalogueService(fixture.store.db);
    const shipped = await catalogue.listDataValues(
      { indicator: 'ecommerce_volume', orgUnit: 'CN', period: '2020' },
      anonymous,
    );
    expect(shipped.length).toBeGreaterThan(0);
    published = shipped[0]!;
    expect(published).toMatchObject({ status: 'published', revisedAt: null, revisionNote: null });
  });

  const request = (overrides: Record<string, unknown> = {}) => ({
    indicatorCode: 'ecommerce_volume',
    orgUnitCode: 'CN',
    period: '2020',
    basis: published.basis,
    value: 37.4,
    note: 'Revised with the final annual survey',
    expectedVersion: published.version,
    ...overrides,
  });

  describe('refusals leave the store as it was', () => {
    it.each([
      ['no note', { note: '   ' }, InputError, /note: a revision needs a note/],
      ['a note too long', { note: 'x'.repeat(2001) }, InputError, /note: at most 2000/],
      ['the same figure', {}, InputError, /is .* already/],
      ['an unknown source', { sourceKey: 'no-such-source' }, InputError, /sourceKey: no source/],
      ['an unknown unit', { orgUnitCode: '999999' }, InputError, /orgUnitCode: no org unit/],
      ['a bad period', { period: '2020Q5' }, InputError, /period:/],
      ['a figure that does not exist', { period: '2003' }, NotFoundError, /No value/],
      ['a stale version', { expectedVersion: 0 }, ConflictError, /after you loaded version 0/],
    ])('%s', async (_name, overrides, kind, message) => {
      // `published` is read in beforeAll, after the table is built: the same figure is read late.
      const body = request(_name === 'the same figure' ? { value: published.value } : overrides);
      const before = await snapshot(fixture.store.db);
      const revisionRows = await countRows(fixture.store.db, 'dataValueRevision');
      const error = await rejectionOf(revisions.revisePublished(nationReviewer, body, actor));
      expect(error).toBeInstanceOf(kind);
      expect(error.message).toMatch(message);
      await expectUnchanged(fixture.store.db, before);
      expect(await countRows(fixture.store.db, 'dataValueRevision')).toBe(revisionRows);
    });

    it('refuses a reviewer outside the unit and a reporter, 403', async () => {
      const before = await snapshot(fixture.store.db);
      for (const principal of [hubeiReviewer, hubeiReporter]) {
        const error = await rejectionOf(revisions.revisePublished(principal, request(), actor));
        expect(error).toBeInstanceOf(ForbiddenError);
      }
      await expectUnchanged(fixture.store.db, before);
    });

    it('refuses a draft: drafts change through data entry', async () => {
      const entry = new DataEntryService(fixture.store.db);
      const draft = {
        indicatorCode: 'internet_penetration',
        orgUnitCode: '420100',
        period: '2024',
      };
      await entry.writeDraft(hubeiReporter, { ...draft, value: 71.2, comment: null }, actor);
      const before = await snapshot(fixture.store.db);
      const error = await rejectionOf(
        revisions.revisePublished(
          hubeiReviewer,
          { ...draft, value: 72, note: 'corrected', expectedVersion: 1 },
          actor,
        ),
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toMatch(/is not published/);
      await expectUnchanged(fixture.store.db, before);
    });
  });

  it('revises: the figure stays public with its note, and the vintage before keeps the first figure', async () => {
    clock = day(1);
    const before = await snapshot(fixture.store.db);
    const revised = await revisions.revisePublished(nationReviewer, request(), actor);
    expect(revised).toMatchObject({
      value: 37.4,
      status: 'published',
      version: published.version + 1,
      revisedAt: clock.toISOString(),
      revisionNote: 'Revised with the final annual survey',
      sourceKey: published.sourceKey,
      // The figure as printed was the first one's.
      publishedValue: null,
    });
    await expectUnchanged(fixture.store.db, before, 1);

    const now = await nationalEcommerce();
    expect(now.map((v) => [v.value, v.revisionNote])).toEqual([
      [37.4, 'Revised with the final annual survey'],
    ]);
    const earlier = await nationalEcommerce(dateOf(0));
    expect(earlier.map((v) => [v.value, v.revisionNote, v.revisedAt])).toEqual([
      [published.value, null, null],
    ]);
    const history = await catalogue.valueHistory(
      { indicator: 'ecommerce_volume', orgUnit: 'CN', period: '2020', basis: published.basis },
      anonymous,
    );
    expect(history.at(-1)).toMatchObject({
      value: 37.4,
      status: 'published',
      reason: 'Revised with the final annual survey',
      revisionNote: 'Revised with the final annual survey',
    });

    // A second revision: the note is the newest; each vintage keeps its own.
    clock = day(3);
    await revisions.revisePublished(
      nationReviewer,
      request({ value: 37.5, note: 'Second correction', expectedVersion: revised.version }),
      actor,
    );
    expect((await nationalEcommerce()).map((v) => v.revisionNote)).toEqual(['Second correction']);
    expect((await nationalEcommerce(dateOf(2))).map((v) => [v.value, v.revisionNote])).toEqual([
      [37.4, 'Revised with the final annual survey'],
    ]);
  });
});
