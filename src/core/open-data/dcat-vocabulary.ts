/**
 * The vocabularies a DCAT-AP 3.0 catalogue speaks: namespaces, the EU
 * authority tables DCAT-AP recommends (languages, countries, frequencies,
 * file types, data themes) and IANA media types. Pure constants.
 */
import type { PeriodType } from '../periods.js';

export const NAMESPACES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
} as const;

const AUTHORITY = 'http://publications.europa.eu/resource/authority/';

export const EU_AUTHORITY = {
  dataThemes: `${AUTHORITY}data-theme`,
  /** Informatization (networks, users, e-commerce) is science and technology in the EU's themes. */
  technologyTheme: `${AUTHORITY}data-theme/TECH`,
  china: `${AUTHORITY}country/CHN`,
  chinese: `${AUTHORITY}language/ZHO`,
  english: `${AUTHORITY}language/ENG`,
} as const;

/** How often a data set gets new values, from the period type of its values. */
export const FREQUENCY_OF: Record<PeriodType, string> = {
  year: `${AUTHORITY}frequency/ANNUAL`,
  half_year: `${AUTHORITY}frequency/ANNUAL_2`,
  quarter: `${AUTHORITY}frequency/QUARTERLY`,
  month: `${AUTHORITY}frequency/MONTHLY`,
};

/**
 * The licence of what the catalogue lists unless PLANWATCH_DATA_LICENSE says
 * otherwise: CC BY 4.0, the licence most national open-data portals use.
 */
export const DATA_LICENSE = 'http://creativecommons.org/licenses/by/4.0/';

export const DISTRIBUTION_FORMATS = ['csv', 'xlsx', 'sdmx-csv', 'sdmx-json'] as const;
export type DistributionFormat = (typeof DISTRIBUTION_FORMATS)[number];

export interface DistributionFormatTerms {
  titleEn: string;
  titleZh: string;
  /** EU file-type authority table. */
  fileType: string;
  /** IANA media type URI (SDMX's own media types are not registered with IANA). */
  mediaType: string;
  /** The standard the file follows, beyond its file type. */
  conformsTo: string | null;
}

const IANA = 'http://www.iana.org/assignments/media-types/';

export const FORMAT_TERMS: Record<DistributionFormat, DistributionFormatTerms> = {
  csv: {
    titleEn: 'CSV',
    titleZh: 'CSV 文件',
    fileType: `${AUTHORITY}file-type/CSV`,
    mediaType: `${IANA}text/csv`,
    conformsTo: null,
  },
  xlsx: {
    titleEn: 'Excel workbook',
    titleZh: 'Excel 工作簿',
    fileType: `${AUTHORITY}file-type/XLSX`,
    mediaType: `${IANA}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`,
    conformsTo: null,
  },
  'sdmx-csv': {
    titleEn: 'SDMX-CSV 2.0',
    titleZh: 'SDMX-CSV 2.0 文件',
    fileType: `${AUTHORITY}file-type/CSV`,
    mediaType: `${IANA}text/csv`,
    conformsTo: 'https://github.com/sdmx-twg/sdmx-csv',
  },
  'sdmx-json': {
    titleEn: 'SDMX-JSON data message',
    titleZh: 'SDMX-JSON 数据报文',
    fileType: `${AUTHORITY}file-type/JSON`,
    mediaType: `${IANA}application/json`,
    conformsTo: 'https://github.com/sdmx-twg/sdmx-json',
  },
};
