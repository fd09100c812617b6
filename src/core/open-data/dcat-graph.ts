/**
 * The catalogue as RDF triples (DCAT-AP 3.0): catalogue, datasets, their
 * distributions, publisher, contact point, spatial and temporal coverage.
 * Every resource has an IRI (hash IRIs in the catalogue document), so the
 * Turtle and the JSON-LD carry exactly the same triples.
 */
import { DataFactory, type NamedNode, type Quad, type Quad_Object } from 'n3';
import type { CoveredUnit, DcatCatalogue, DcatDataset } from './dcat-model.js';
import { EU_AUTHORITY, FORMAT_TERMS, FREQUENCY_OF, NAMESPACES } from './dcat-vocabulary.js';

const namedNode = (value: string): NamedNode => DataFactory.namedNode(value);
const literal = (value: string, languageOrDatatype?: string | NamedNode) =>
  DataFactory.literal(value, languageOrDatatype);
const quad = (subject: NamedNode, predicate: NamedNode, object: Quad_Object): Quad =>
  DataFactory.quad(subject, predicate, object);

const term = (prefix: keyof typeof NAMESPACES, name: string) =>
  namedNode(`${NAMESPACES[prefix]}${name}`);
const a = term('rdf', 'type');
const xsdDate = term('xsd', 'date');
const xsdDateTime = term('xsd', 'dateTime');

/** The catalogue's own address; datasets and the rest are fragments of it. */
export function catalogueIri(baseUrl: string): string {
  return `${baseUrl}/api/catalog`;
}

export function datasetIri(baseUrl: string, dataset: Pick<DcatDataset, 'kind' | 'code'>): string {
  return `${catalogueIri(baseUrl)}#${dataset.kind}-${encodeURIComponent(dataset.code)}`;
}

/** A unit's place: the EU's country entry for the nation and national bodies, else the unit's API resource. */
function placeIri(baseUrl: string, unit: CoveredUnit): string {
  if (unit.level === 'nation' || unit.level === 'department') return EU_AUTHORITY.china;
  return `${baseUrl}/api/org-units/${encodeURIComponent(unit.code)}`;
}

export function catalogueQuads(catalogue: DcatCatalogue): Quad[] {
  const quads: Quad[] = [];
  const add = (subject: string, predicate: ReturnType<typeof term>, object: Quad_Object) =>
    quads.push(quad(namedNode(subject), predicate, object));
  const bilingual = (
    subject: string,
    predicate: ReturnType<typeof term>,
    text: { zh: string; en: string },
  ) => {
    add(subject, predicate, literal(text.zh, 'zh'));
    add(subject, predicate, literal(text.en, 'en'));
  };

  const base = catalogue.baseUrl;
  const catalog = catalogueIri(base);
  const publisher = `${catalog}#publisher`;
  const contact = `${catalog}#contact`;
  const license = namedNode(catalogue.licenseUrl);

  add(catalog, a, term('dcat', 'Catalog'));
  bilingual(catalog, term('dct', 'title'), {
    zh: 'Planwatch 信息化发展开放数据目录',
    en: 'Planwatch open data catalogue of informatization development',
  });
  bilingual(catalog, term('dct', 'description'), {
    zh: '《国家信息化发展战略纲要》监测指标及各单位填报数据集中已发布的数据，提供 CSV、Excel、SDMX-CSV 和 SDMX-JSON 下载。',
    en: 'Published values of the monitoring indicators of the Outline of the National Informatization Development Strategy and of the data sets units report, as CSV, Excel, SDMX-CSV and SDMX-JSON.',
  });
  add(catalog, term('dct', 'publisher'), namedNode(publisher));
  add(catalog, term('foaf', 'homepage'), namedNode(`${base}/`));
  add(catalog, term('dct', 'language'), namedNode(EU_AUTHORITY.chinese));
  add(catalog, term('dct', 'language'), namedNode(EU_AUTHORITY.english));
  add(catalog, term('dct', 'license'), license);
  add(catalog, term('dct', 'spatial'), namedNode(EU_AUTHORITY.china));
  add(catalog, term('dcat', 'themeTaxonomy'), namedNode(EU_AUTHORITY.dataThemes));
  if (catalogue.issued) add(catalog, term('dct', 'issued'), literal(catalogue.issued, xsdDateTime));
  if (catalogue.modified)
    add(catalog, term('dct', 'modified'), literal(catalogue.modified, xsdDateTime));

  add(publisher, a, term('foaf', 'Agent'));
  bilingual(publisher, term('foaf', 'name'), catalogue.publisher);
  add(publisher, term('foaf', 'homepage'), namedNode(`${base}/`));

  add(contact, a, term('vcard', 'Kind'));
  add(contact, term('vcard', 'fn'), literal(catalogue.publisher.en));
  if (catalogue.contactEmail)
    add(contact, term('vcard', 'hasEmail'), namedNode(`mailto:${catalogue.contactEmail}`));
  else add(contact, term('vcard', 'hasURL'), namedNode(`${base}/`));

  const places = new Map<string, CoveredUnit>();
  for (const dataset of catalogue.datasets) {
    const iri = datasetIri(base, dataset);
    add(catalog, term('dcat', 'dataset'), namedNode(iri));
    add(iri, a, term('dcat', 'Dataset'));
    bilingual(iri, term('dct', 'title'), dataset.title);
    bilingual(iri, term('dct', 'description'), dataset.description);
    add(iri, term('dct', 'identifier'), literal(dataset.code));
    for (const keyword of dataset.keywords.zh)
      add(iri, term('dcat', 'keyword'), literal(keyword, 'zh'));
    for (const keyword of dataset.keywords.en)
      add(iri, term('dcat', 'keyword'), literal(keyword, 'en'));
    add(iri, term('dcat', 'theme'), namedNode(EU_AUTHORITY.technologyTheme));
    add(iri, term('dct', 'publisher'), namedNode(publisher));
    add(iri, term('dcat', 'contactPoint'), namedNode(contact));
    add(iri, term('dct', 'license'), license);
    for (const unit of dataset.units) {
      const place = placeIri(base, unit);
      add(iri, term('dct', 'spatial'), namedNode(place));
      if (place !== EU_AUTHORITY.china) places.set(place, unit);
    }
    const temporal = `${iri}-temporal`;
    add(iri, term('dct', 'temporal'), namedNode(temporal));
    add(temporal, a, term('dct', 'PeriodOfTime'));
    add(temporal, term('dcat', 'startDate'), literal(dataset.temporal.start, xsdDate));
    add(temporal, term('dcat', 'endDate'), literal(dataset.temporal.end, xsdDate));
    add(iri, term('dct', 'modified'), literal(dataset.modified, xsdDateTime));
    add(iri, term('dct', 'accrualPeriodicity'), namedNode(FREQUENCY_OF[dataset.periodType]));

    for (const distribution of dataset.distributions) {
      const terms = FORMAT_TERMS[distribution.format];
      const distributionIri = `${iri}-${distribution.format}`;
      add(iri, term('dcat', 'distribution'), namedNode(distributionIri));
      add(distributionIri, a, term('dcat', 'Distribution'));
      bilingual(distributionIri, term('dct', 'title'), {
        zh: `${dataset.title.zh}（${terms.titleZh}）`,
        en: `${dataset.title.en} (${terms.titleEn})`,
      });
      add(distributionIri, term('dcat', 'accessURL'), namedNode(distribution.url));
      add(distributionIri, term('dcat', 'downloadURL'), namedNode(distribution.url));
      add(distributionIri, term('dct', 'format'), namedNode(terms.fileType));
      add(distributionIri, term('dcat', 'mediaType'), namedNode(terms.mediaType));
      if (terms.conformsTo)
        add(distributionIri, term('dct', 'conformsTo'), namedNode(terms.conformsTo));
      add(distributionIri, term('dct', 'license'), license);
    }
  }

  // Each unit's place once: its GB/T 2260 code (or department code) and names.
  for (const [place, unit] of places) {
    add(place, a, term('dct', 'Location'));
    add(place, term('dct', 'identifier'), literal(unit.code));
    add(place, term('skos', 'prefLabel'), literal(unit.name.zh, 'zh'));
    if (unit.name.en) add(place, term('skos', 'prefLabel'), literal(unit.name.en, 'en'));
  }
  return quads;
}
