/**
 * SDMX over HTTP on both engines, on a controllable clock: the structure
 * messages carry the dimensions and codelists; data filters by key and
 * period; approved but unreleased values never appear; `asOf` reads the
 * earlier vintage; the SDMX-CSV served imports back into a fresh store with
 * every value unchanged.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../db/connect.js';
import { OPERATOR } from '../../../services/catalogue.service.js';
import { createServices } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import {
  approveForm,
  HUBEI_2020_FORM,
  NIDS_ANNUAL_2020_RELEASE,
  NIDS_ANNUAL_VALUES,
  RELEASE_TEAM,
  scheduleRelease,
  startClockedApi,
  type ClockedApi,
} from '../../../test-support/clocked-api.js';
import { createStoreLocation, describeEachStore } from '../../../test-support/stores.js';

interface DataMessage {
  data: {
    structures: {
      dimensions: {
        series: { id: string; values: { id: string }[] }[];
        observation: { id: string; values: { value: string }[] }[];
      };
    }[];
    dataSets: {
      series: Record<string, { observations: Record<string, [number, ...unknown[]]> }>;
    }[];
  };
}

/** Observations of a data message as "INDICATOR REF_AREA TIME_PERIOD" -> value. */
function observationsOf(message: DataMessage): Record<string, number> {
  const structure = message.data.structures[0]!;
  const dimensions = structure.dimensions.series;
  const position = (id: string) => dimensions.findIndex((d) => d.id === id);
  const times = structure.dimensions.observation[0]!.values;
  const result: Record<string, number> = {};
  for (const [key, series] of Object.entries(message.data.dataSets[0]!.series)) {
    const codes = key.split(':').map((index, i) => dimensions[i]!.values[Number(index)]!.id);
    for (const [time, observation] of Object.entries(series.observations)) {
      const label = `${codes[position('INDICATOR')]} ${codes[position('REF_AREA')]} ${times[Number(time)]!.value}`;
      result[label] = observation[0];
    }
  }
  return result;
}

describeEachStore('SDMX over HTTP', (fixture) => {
  let api: ClockedApi;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startClockedApi(fixture.store, RELEASE_TEAM, {
      start: new Date('2021-05-01T08:00:00Z'),
    });
  });
  afterAll(async () => api.close());

  it('describes the dataflows and the data structure with its codelists', async () => {
    const flows = await api.call(null, 'GET', '/api/sdmx/structure/dataflow/PLANWATCH');
    expect(flows.statusCode).toBe(200);
    expect(flows.headers['content-type']).toContain('application/vnd.sdmx.structure+json');
    const dataflows = flows.json<{
      data: { dataflows: { id: string; agencyID: string; version: string; structure: string }[] };
    }>().data.dataflows;
    expect(dataflows.map((flow) => flow.id)).toEqual(['ALL', 'NIDS_ANNUAL']);
    for (const flow of dataflows) {
      expect(flow).toMatchObject({ agencyID: 'PLANWATCH', version: '1.0' });
      expect(flow.structure).toContain('DataStructure=PLANWATCH:DSD_PLANWATCH(1.0)');
    }
    expect((await api.call(null, 'GET', '/api/sdmx/structure/dataflow/OTHER')).statusCode).toBe(
      404,
    );

    const dsd = await api.call(
      null,
      'GET',
      '/api/sdmx/structure/datastructure/PLANWATCH/DSD_PLANWATCH',
    );
    expect(dsd.statusCode).toBe(200);
    const data = dsd.json<{
      data: {
        dataStructures: {
          dataStructureComponents: {
            dimensionList: { dimensions: { id: string }[]; timeDimensions: { id: string }[] };
            measureList: { measures: { id: string }[] };
            attributeList: { attributes: { id: string }[] };
          };
        }[];
        codelists: { id: string; codes: { id: string; names: { en: string; zh: string } }[] }[];
      };
    }>().data;
    const components = data.dataStructures[0]!.dataStructureComponents;
    expect(components.dimensionList.dimensions.map((d) => d.id)).toEqual([
      'FREQ',
      'REF_AREA',
      'INDICATOR',
      'AREA',
      'BASIS',
    ]);
    expect(components.dimensionList.timeDimensions.map((d) => d.id)).toEqual(['TIME_PERIOD']);
    expect(components.measureList.measures.map((m) => m.id)).toEqual(['OBS_VALUE']);
    expect(components.attributeList.attributes.map((a) => a.id)).toEqual(
      expect.arrayContaining(['UNIT_MEASURE', 'UNIT_MULT', 'OBS_STATUS', 'SOURCE']),
    );
    const codelist = (id: string) => data.codelists.find((list) => list.id === id)!.codes;
    expect(codelist('CL_FREQ').map((code) => code.id)).toEqual(['A', 'S', 'Q', 'M']);
    expect(codelist('CL_REF_AREA').map((code) => code.id)).toEqual(['CN']);
    expect(codelist('CL_AREA').map((code) => code.id)[0]).toBe('_T');
    const internet = codelist('CL_INDICATOR').find((code) => code.id === 'internet_users')!;
    expect(internet.names.en).not.toBe('');
    expect(internet.names.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('filters data by key and period, and names a bad key position', async () => {
    const all = await api.call(null, 'GET', '/api/sdmx/data/ALL/A.CN.internet_users..');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toContain('application/vnd.sdmx.data+json');
    const stored = await fixture.store.db
      .selectFrom('dataValue')
      .select(['period', 'value'])
      .where('indicatorCode', '=', 'internet_users')
      .where('orgUnitCode', '=', 'CN')
      .where('periodType', '=', 'year')
      .execute();
    const everyYear = observationsOf(all.json<DataMessage>());
    expect(Object.keys(everyYear).sort()).toEqual(
      stored.map((row) => `internet_users CN ${row.period}`).sort(),
    );
    for (const row of stored) expect(everyYear[`internet_users CN ${row.period}`]).toBe(row.value);

    const window = await api.call(
      null,
      'GET',
      '/api/sdmx/data/PLANWATCH,ALL,1.0/A.CN.internet_users+mobile_phone_users..?startPeriod=2020&endPeriod=2021',
    );
    const windowed = Object.keys(observationsOf(window.json<DataMessage>())).sort();
    expect(windowed.length).toBeGreaterThan(0);
    expect(windowed.every((label) => / (2020|2021)$/.test(label))).toBe(true);
    expect(windowed.filter((label) => label.startsWith('internet_users '))).toEqual(
      Object.keys(everyYear)
        .filter((label) => / (2020|2021)$/.test(label))
        .sort(),
    );

    const short = await api.call(null, 'GET', '/api/sdmx/data/ALL/A.CN');
    expect(short.statusCode).toBe(400);
    expect(short.json<{ message: string }>().message).toContain(
      'FREQ.REF_AREA.INDICATOR.AREA.BASIS',
    );
    const unknown = await api.call(null, 'GET', '/api/sdmx/data/ALL/A.XX.internet_users..');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ message: string }>().message).toContain(
      'key position 2 (REF_AREA): unknown code "XX"',
    );
    expect((await api.call(null, 'GET', '/api/sdmx/data/NOPE/all')).statusCode).toBe(404);
    const badPeriod = await api.call(null, 'GET', '/api/sdmx/data/ALL/all?startPeriod=2020-X');
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json<{ message: string }>().message).toContain('startPeriod');
  });

  it('hides unreleased values, reads vintages with asOf, and serves SDMX-CSV that imports back unchanged', async () => {
    await approveForm(api, HUBEI_2020_FORM);

    // Approved, not released: invisible in every flow and format.
    expect((await api.call(null, 'GET', '/api/sdmx/data/NIDS_ANNUAL/all')).statusCode).toBe(404);
    const allCsv = await api.call(null, 'GET', '/api/sdmx/data/ALL/all?format=csvdata');
    expect(allCsv.statusCode).toBe(200);
    expect(allCsv.body).not.toContain('420000');
    expect(
      (await api.call(null, 'GET', '/api/sdmx/data/ALL/A.420000.internet_users..')).statusCode,
    ).toBe(400);

    await scheduleRelease(api, NIDS_ANNUAL_2020_RELEASE);
    api.setClock(new Date('2021-06-30T00:05:00Z'));
    expect((await api.call('nation-coordinator', 'POST', '/api/releases/run')).statusCode).toBe(
      200,
    );

    const released = await api.call(null, 'GET', '/api/sdmx/data/NIDS_ANNUAL/A.420000...');
    expect(released.statusCode).toBe(200);
    expect(observationsOf(released.json<DataMessage>())).toEqual(
      Object.fromEntries(NIDS_ANNUAL_VALUES.map((v) => [`${v.indicator} 420000 2020`, v.value])),
    );

    // A revision after publication (as a correction would write it): asOf reads the first vintage.
    const row = await fixture.store.db
      .selectFrom('dataValue')
      .select(['id', 'version'])
      .where('indicatorCode', '=', 'internet_users')
      .where('orgUnitCode', '=', '420000')
      .executeTakeFirstOrThrow();
    await fixture.store.db
      .updateTable('dataValue')
      .set({ value: 0.45, version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await fixture.store.db
      .insertInto('dataValueRevision')
      .values({
        dataValueId: row.id,
        version: row.version + 1,
        value: 0.45,
        status: 'published',
        comment: null,
        sourceNote: null,
        reason: 'Corrected after the census',
        recordedBy: 'test',
        recordedAt: '2021-08-01T00:00:00.000Z',
      })
      .execute();
    const url = '/api/sdmx/data/NIDS_ANNUAL/A.420000.internet_users..';
    const now = observationsOf((await api.call(null, 'GET', url)).json<DataMessage>());
    expect(now).toEqual({ 'internet_users 420000 2020': 0.45 });
    const vintage = observationsOf(
      (await api.call(null, 'GET', `${url}?asOf=2021-07-01`)).json<DataMessage>(),
    );
    expect(vintage).toEqual({ 'internet_users 420000 2020': 0.4 });
    expect((await api.call(null, 'GET', `${url}?asOf=2021-06-29`)).statusCode).toBe(404);

    // SDMX-CSV by Accept header, imported into a fresh store: the same values, then nothing changes.
    const csv = await api.app.inject({
      method: 'GET',
      url: '/api/sdmx/data/NIDS_ANNUAL/all',
      headers: { accept: 'application/vnd.sdmx.data+csv;version=2.0.0' },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('application/vnd.sdmx.data+csv');
    expect(csv.body.split('\r\n')[1]).toContain('dataflow,PLANWATCH:NIDS_ANNUAL(1.0),I,');
    const location = await createStoreLocation(fixture.location.engine);
    const fresh = await openStore(location);
    try {
      await ensureDefaults(fresh.db);
      const services = createServices(fresh);
      const actor = { name: 'test', ip: null };
      const bytes = new TextEncoder().encode(csv.body);
      const created = await services.dataImport.importBytes(
        bytes,
        'nids.sdmx.csv',
        OPERATOR,
        actor,
        {
          dryRun: false,
        },
      );
      expect(created).toMatchObject({
        layout: 'sdmx-csv',
        created: NIDS_ANNUAL_VALUES.length,
        updated: 0,
      });
      const again = await services.dataImport.importBytes(bytes, 'nids.sdmx.csv', OPERATOR, actor, {
        dryRun: true,
      });
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: NIDS_ANNUAL_VALUES.length });
      const imported = await fresh.db
        .selectFrom('dataValue')
        .select(['indicatorCode', 'value'])
        .where('orgUnitCode', '=', '420000')
        .orderBy('indicatorCode')
        .execute();
      expect(Object.fromEntries(imported.map((r) => [r.indicatorCode, r.value]))).toEqual(
        Object.fromEntries(
          NIDS_ANNUAL_VALUES.map((v) => [
            v.indicator,
            v.indicator === 'internet_users' ? 0.45 : v.value,
          ]),
        ),
      );
    } finally {
      await fresh.close();
      await location.dispose();
    }
  });
});
