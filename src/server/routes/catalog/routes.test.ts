/**
 * The DCAT-AP catalogue over HTTP on both engines, on a controllable clock:
 * the Turtle parsed back with n3 carries DCAT-AP's mandatory and the
 * recommended properties of catalogue, datasets and distributions; the
 * JSON-LD carries exactly the same triples; an indicator whose only values
 * are drafts (approved, not yet released) has no dataset until its release
 * day; the CSV and Excel download URLs answer.
 */
import jsonld from 'jsonld';
import { Parser, Store, type Quad, type Term } from 'n3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../../../config.js';
import { createServices, serviceOptionsOf, type Services } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import {
  approveForm,
  HUBEI_2020_FORM,
  NIDS_ANNUAL_2020_RELEASE,
  RELEASE_TEAM,
  scheduleRelease,
  startClockedApi,
  type ClockedApi,
} from '../../../test-support/clocked-api.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { buildApp } from '../../app.js';

const PUBLIC_URL = 'https://data.example.org/planwatch';
const CATALOG = `${PUBLIC_URL}/api/catalog`;
const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
};
const iri = (prefix: keyof typeof NS, name: string) => `${NS[prefix]}${name}`;
const TYPE = iri('rdf', 'type');

/** mobile_phone_users has no national figure, so only the draft in Hubei's 2020 form. */
const DRAFT_ONLY = `${CATALOG}#indicator-mobile_phone_users`;
const DATA_SET = `${CATALOG}#data-set-nids-annual`;

/** A parsed catalogue with the questions the checks ask of it. */
class Graph {
  readonly store: Store;
  constructor(quads: Quad[]) {
    this.store = new Store(quads);
  }
  static turtle(text: string): Graph {
    return new Graph(new Parser({ format: 'text/turtle' }).parse(text));
  }
  objects(subject: string, predicate: string): Term[] {
    return this.store.getObjects(subject, predicate, null);
  }
  values(subject: string, predicate: string): string[] {
    return this.objects(subject, predicate).map((term) => term.value);
  }
  languages(subject: string, predicate: string): string[] {
    return this.objects(subject, predicate)
      .map((term) => (term.termType === 'Literal' ? term.language : ''))
      .sort();
  }
  subjectsOfType(type: string): string[] {
    return this.store
      .getSubjects(TYPE, type, null)
      .map((term) => term.value)
      .sort();
  }
  datasets(): string[] {
    return this.values(CATALOG, iri('dcat', 'dataset')).sort();
  }
  /** Every triple as one N-Triples line, for comparing two documents. */
  lines(): string[] {
    const show = (term: Term) =>
      term.termType === 'Literal'
        ? `${JSON.stringify(term.value)}${term.language ? `@${term.language}` : `^^${term.datatype.value}`}`
        : `<${term.value}>`;
    return this.store
      .getQuads(null, null, null, null)
      .map((q) => `${show(q.subject)} ${show(q.predicate)} ${show(q.object)}`)
      .sort();
  }
}

describeEachStore('DCAT-AP catalogue over HTTP', (fixture) => {
  let api: ClockedApi;

  async function catalogue(): Promise<Graph> {
    const response = await api.call(null, 'GET', '/api/catalog.ttl');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/turtle; charset=utf-8');
    return Graph.turtle(response.body);
  }

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startClockedApi(fixture.store, RELEASE_TEAM, {
      start: new Date('2021-05-01T08:00:00Z'),
      serviceOptions: {
        publicUrl: `${PUBLIC_URL}/`,
        mail: {
          smtpUrl: 'smtp://127.0.0.1:2525',
          from: 'Open data office <opendata@example.org>',
        },
      },
    });
  });
  afterAll(async () => api.close());

  it('describes the catalogue, its datasets and distributions with the DCAT-AP properties', async () => {
    const graph = await catalogue();
    expect(graph.subjectsOfType(iri('dcat', 'Catalog'))).toEqual([CATALOG]);
    expect(graph.languages(CATALOG, iri('dct', 'title'))).toEqual(['en', 'zh']);
    expect(graph.languages(CATALOG, iri('dct', 'description'))).toEqual(['en', 'zh']);
    const [publisher] = graph.values(CATALOG, iri('dct', 'publisher'));
    expect(graph.values(publisher!, TYPE)).toEqual([iri('foaf', 'Agent')]);
    expect(graph.languages(publisher!, iri('foaf', 'name'))).toEqual(['en', 'zh']);
    expect(graph.values(CATALOG, iri('foaf', 'homepage'))).toEqual([`${PUBLIC_URL}/`]);
    expect(graph.values(CATALOG, iri('dct', 'language')).sort()).toEqual([
      'http://publications.europa.eu/resource/authority/language/ENG',
      'http://publications.europa.eu/resource/authority/language/ZHO',
    ]);
    expect(graph.values(CATALOG, iri('dct', 'license'))).toHaveLength(1);
    expect(graph.values(CATALOG, iri('dcat', 'themeTaxonomy'))).toEqual([
      'http://publications.europa.eu/resource/authority/data-theme',
    ]);
    expect(graph.values(CATALOG, iri('dct', 'spatial'))).toEqual([
      'http://publications.europa.eu/resource/authority/country/CHN',
    ]);
    for (const property of ['issued', 'modified']) {
      const [time] = graph.objects(CATALOG, iri('dct', property));
      expect(time?.termType === 'Literal' && time.datatype.value).toBe(iri('xsd', 'dateTime'));
    }

    // The shipped national figures are published: one dataset per indicator that has them.
    const datasets = graph.datasets();
    expect(datasets).toContain(`${CATALOG}#indicator-internet_users`);
    expect(datasets).toContain(`${CATALOG}#indicator-ecommerce_volume`);
    expect(graph.subjectsOfType(iri('dcat', 'Dataset'))).toEqual(datasets);
    for (const dataset of datasets) {
      expect(graph.languages(dataset, iri('dct', 'title'))).toEqual(['en', 'zh']);
      expect(graph.languages(dataset, iri('dct', 'description'))).toEqual(['en', 'zh']);
      expect(graph.values(dataset, iri('dct', 'identifier'))).toEqual([
        decodeURIComponent(dataset.split('#indicator-')[1]!),
      ]);
      expect(graph.languages(dataset, iri('dcat', 'keyword'))).toContain('zh');
      expect(graph.languages(dataset, iri('dcat', 'keyword'))).toContain('en');
      expect(graph.values(dataset, iri('dcat', 'theme'))).toEqual([
        'http://publications.europa.eu/resource/authority/data-theme/TECH',
      ]);
      expect(graph.values(dataset, iri('dct', 'publisher'))).toEqual([publisher]);
      const [contact] = graph.values(dataset, iri('dcat', 'contactPoint'));
      expect(graph.values(contact!, TYPE)).toEqual([iri('vcard', 'Kind')]);
      expect(graph.values(contact!, iri('vcard', 'hasEmail'))).toEqual([
        'mailto:opendata@example.org',
      ]);
      expect(graph.values(contact!, iri('vcard', 'fn'))).toHaveLength(1);
      expect(graph.values(dataset, iri('dct', 'spatial')).length).toBeGreaterThan(0);
      const [temporal] = graph.values(dataset, iri('dct', 'temporal'));
      expect(graph.values(temporal!, TYPE)).toEqual([iri('dct', 'PeriodOfTime')]);
      const [start] = graph.objects(temporal!, iri('dcat', 'startDate'));
      const [end] = graph.objects(temporal!, iri('dcat', 'endDate'));
      expect(start?.termType === 'Literal' && start.datatype.value).toBe(iri('xsd', 'date'));
      expect(start!.value <= end!.value).toBe(true);
      expect(graph.values(dataset, iri('dct', 'modified'))).toHaveLength(1);
      expect(graph.values(dataset, iri('dct', 'accrualPeriodicity'))[0]).toMatch(
        /^http:\/\/publications\.europa\.eu\/resource\/authority\/frequency\//,
      );
      const distributions = graph.values(dataset, iri('dcat', 'distribution'));
      // SDMX-CSV and SDMX-JSON always; CSV and Excel where Planwatch's layouts hold the data.
      expect([2, 4]).toContain(distributions.length);
      for (const distribution of distributions) {
        expect(graph.values(distribution, TYPE)).toEqual([iri('dcat', 'Distribution')]);
        const [access] = graph.values(distribution, iri('dcat', 'accessURL'));
        expect(access!.startsWith(`${PUBLIC_URL}/api/`)).toBe(true);
        expect(graph.values(distribution, iri('dcat', 'downloadURL'))).toHaveLength(1);
        expect(graph.values(distribution, iri('dct', 'format'))[0]).toMatch(
          /^http:\/\/publications\.europa\.eu\/resource\/authority\/file-type\//,
        );
        expect(graph.values(distribution, iri('dcat', 'mediaType'))[0]).toMatch(
          /^http:\/\/www\.iana\.org\/assignments\/media-types\//,
        );
        expect(graph.values(distribution, iri('dct', 'license'))).toHaveLength(1);
      }
    }
    // The national figures of internet users span 2015 to 2024 and cover China.
    const internet = `${CATALOG}#indicator-internet_users`;
    const [temporal] = graph.values(internet, iri('dct', 'temporal'));
    expect(graph.values(temporal!, iri('dcat', 'startDate'))).toEqual(['2015-01-01']);
    expect(graph.values(internet, iri('dct', 'spatial'))).toEqual([
      'http://publications.europa.eu/resource/authority/country/CHN',
    ]);
    expect(graph.values(internet, iri('dct', 'accrualPeriodicity'))).toEqual([
      'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
    ]);
  });

  it('serves the same triples as JSON-LD, by default and by content negotiation', async () => {
    const turtle = await catalogue();
    const byDefault = await api.call(null, 'GET', '/api/catalog');
    expect(byDefault.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(byDefault.headers.vary).toContain('Accept');
    const explicit = await api.call(null, 'GET', '/api/catalog.jsonld');
    expect(explicit.body).toBe(byDefault.body);
    const nquads = (await jsonld.toRDF(JSON.parse(byDefault.body) as jsonld.JsonLdDocument, {
      format: 'application/n-quads',
    })) as unknown as string;
    const fromJsonLd = new Graph(new Parser({ format: 'application/n-quads' }).parse(nquads));
    expect(fromJsonLd.datasets()).toEqual(turtle.datasets());
    expect(fromJsonLd.lines()).toEqual(turtle.lines());

    const negotiated = await api.app.inject({
      method: 'GET',
      url: '/api/catalog',
      headers: { accept: 'application/ld+json;q=0.5, text/turtle' },
    });
    expect(negotiated.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(Graph.turtle(negotiated.body).lines()).toEqual(turtle.lines());
  });

  it('answers every download URL it lists with data in the format it names', async () => {
    const graph = await catalogue();
    const urls = graph
      .subjectsOfType(iri('dcat', 'Distribution'))
      .flatMap((distribution) => graph.values(distribution, iri('dcat', 'downloadURL')));
    expect(urls.length).toBeGreaterThanOrEqual(2 * graph.datasets().length);
    for (const url of urls) {
      const response = await api.call(null, 'GET', url.slice(PUBLIC_URL.length));
      expect(response.statusCode, url).toBe(200);
      const type = url.includes('format=csvdata')
        ? /^application\/vnd\.sdmx\.data\+csv/
        : url.includes('format=jsondata')
          ? /^application\/vnd\.sdmx\.data\+json/
          : url.includes('format=csv')
            ? /^text\/csv/
            : /spreadsheetml/;
      expect(response.headers['content-type'], url).toMatch(type);
      // Never a file with a header and nothing else.
      if (url.includes('format=csv')) {
        expect(response.body.trim().split('\n').length, url).toBeGreaterThan(1);
      }
    }
  });

  it('lists an indicator with only draft values and its data set from their release day on', async () => {
    await approveForm(api, HUBEI_2020_FORM);
    await scheduleRelease(api, NIDS_ANNUAL_2020_RELEASE);

    const hubei = `${PUBLIC_URL}/api/org-units/420000`;
    const before = await catalogue();
    expect(before.datasets()).not.toContain(DRAFT_ONLY);
    expect(before.datasets()).not.toContain(DATA_SET);
    expect(
      before.values(`${CATALOG}#indicator-internet_users`, iri('dct', 'spatial')),
    ).not.toContain(hubei);
    expect(before.lines().join('\n')).not.toContain('420000');

    api.setClock(new Date('2021-06-30T00:05:00Z'));
    expect((await api.call('nation-coordinator', 'POST', '/api/releases/run')).statusCode).toBe(
      200,
    );
    const after = await catalogue();
    expect(after.datasets()).toEqual([...before.datasets(), DRAFT_ONLY, DATA_SET].sort());
    for (const dataset of [DRAFT_ONLY, DATA_SET]) {
      expect(after.values(dataset, iri('dct', 'spatial'))).toEqual([hubei]);
      const [temporal] = after.values(dataset, iri('dct', 'temporal'));
      expect(after.values(temporal!, iri('dcat', 'startDate'))).toEqual(['2020-01-01']);
      expect(after.values(temporal!, iri('dcat', 'endDate'))).toEqual(['2020-12-31']);
      expect(after.values(dataset, iri('dct', 'modified'))[0]!.startsWith('2021-06-30')).toBe(true);
    }
    expect(after.values(hubei, iri('dct', 'identifier'))).toEqual(['420000']);
    expect(after.languages(hubei, 'http://www.w3.org/2004/02/skos/core#prefLabel')).toContain('zh');
    expect(after.values(DATA_SET, iri('dct', 'identifier'))).toEqual(['nids-annual']);
    const downloads = after
      .values(DATA_SET, iri('dcat', 'distribution'))
      .flatMap((distribution) => after.values(distribution, iri('dcat', 'downloadURL')));
    expect(downloads).toContain(
      `${PUBLIC_URL}/api/data-values/export?format=csv&dataSet=nids-annual`,
    );
    expect(downloads).toContain(`${PUBLIC_URL}/api/sdmx/data/NIDS_ANNUAL/all?format=jsondata`);
    const csv = await api.call(
      null,
      'GET',
      '/api/data-values/export?format=csv&dataSet=nids-annual',
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('420000');
  });

  /** The catalogue in Turtle from an app of its own, asked for by `host`, with these services. */
  async function catalogueOf(services: Services, host: string): Promise<Graph> {
    const local = await buildApp({
      context: { services, store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
    try {
      const response = await local.inject({
        method: 'GET',
        url: '/api/catalog.ttl',
        headers: { host },
      });
      return Graph.turtle(response.body);
    } finally {
      await local.close();
    }
  }

  it('takes its URLs from the request when no public URL is set', async () => {
    const graph = await catalogueOf(createServices(fixture.store), 'catalog.test:8080');
    expect(graph.subjectsOfType(iri('dcat', 'Catalog'))).toEqual([
      'http://catalog.test:8080/api/catalog',
    ]);
    // Without a mail sender the contact point is the portal's address.
    const contact = 'http://catalog.test:8080/api/catalog#contact';
    expect(graph.values(contact, iri('vcard', 'hasURL'))).toEqual(['http://catalog.test:8080/']);
  });

  it('names the publisher, licence and contact the settings give', async () => {
    const config = readConfig({
      PLANWATCH_PUBLISHER_ZH: '国家信息化统计办公室',
      PLANWATCH_PUBLISHER_EN: 'National informatization statistics office',
      PLANWATCH_DATA_LICENSE: 'https://data.example.org/licence/open-1.0',
      PLANWATCH_CONTACT_EMAIL: 'open@stats.example.org',
    });
    const graph = await catalogueOf(
      createServices(fixture.store, serviceOptionsOf(config)),
      'catalog.test',
    );
    const catalog = 'http://catalog.test/api/catalog';
    const [publisher] = graph.values(catalog, iri('dct', 'publisher'));
    expect(graph.values(publisher!, iri('foaf', 'name')).sort()).toEqual([
      'National informatization statistics office',
      '国家信息化统计办公室',
    ]);
    expect(graph.values(catalog, iri('dct', 'license'))).toEqual([
      'https://data.example.org/licence/open-1.0',
    ]);
    const [dataset] = graph.datasets();
    expect(graph.values(dataset!, iri('dct', 'license'))).toEqual([
      'https://data.example.org/licence/open-1.0',
    ]);
    expect(graph.values(`${catalog}#contact`, iri('vcard', 'hasEmail'))).toEqual([
      'mailto:open@stats.example.org',
    ]);
    expect(() => readConfig({ PLANWATCH_DATA_LICENSE: 'CC BY' })).toThrow(
      /PLANWATCH_DATA_LICENSE="CC BY": must be an http/,
    );
    expect(() => readConfig({ PLANWATCH_CONTACT_EMAIL: 'nobody' })).toThrow(
      /PLANWATCH_CONTACT_EMAIL="nobody": must be an e-mail address/,
    );
  });
});
