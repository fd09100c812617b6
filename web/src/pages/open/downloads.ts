/**
 * The download links of an indicator, read from the DCAT catalogue
 * (/api/catalog.jsonld) so the portal offers exactly the distributions the
 * catalogue publishes (SDMX keys, which formats exist) instead of building
 * URLs of its own.
 */

export const DOWNLOAD_FORMATS = ['csv', 'xlsx', 'sdmx-csv', 'sdmx-json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export interface Download {
  format: DownloadFormat;
  url: string;
  mediaType: string | null;
}

interface JsonLdNode {
  '@id'?: string;
  '@type'?: string | string[];
  'dcat:distribution'?: JsonLdRef | JsonLdRef[];
  'dcat:downloadURL'?: JsonLdRef;
  'dcat:mediaType'?: JsonLdRef;
}

interface JsonLdRef {
  '@id'?: string;
}

export interface JsonLdCatalogue {
  '@graph'?: JsonLdNode[];
}

const MEDIA_TYPE_PREFIX = 'http://www.iana.org/assignments/media-types/';

/** The catalogue names distributions `#indicator-<code>-<format>`. */
function formatOf(distributionId: string, datasetId: string): DownloadFormat | null {
  const suffix = distributionId.startsWith(`${datasetId}-`)
    ? distributionId.slice(datasetId.length + 1)
    : '';
  return (DOWNLOAD_FORMATS as readonly string[]).includes(suffix)
    ? (suffix as DownloadFormat)
    : null;
}

/** Same-origin URLs become paths, so the links work whatever host name the catalogue was built with. */
function localPath(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.origin === window.location.origin
      ? `${parsed.pathname}${parsed.search}`
      : parsed.href;
  } catch {
    return url;
  }
}

/** The indicator's distributions in the catalogue, in DOWNLOAD_FORMATS order; none when it has no dataset. */
export function indicatorDownloads(catalogue: JsonLdCatalogue, code: string): Download[] {
  const graph = catalogue['@graph'] ?? [];
  const byId = new Map(graph.flatMap((node) => (node['@id'] ? [[node['@id'], node]] : [])));
  const dataset = graph.find((node) => node['@id']?.endsWith(`#indicator-${code}`));
  const datasetId = dataset?.['@id'];
  if (!dataset || !datasetId) return [];
  const refs = dataset['dcat:distribution'];
  const ids = (Array.isArray(refs) ? refs : refs ? [refs] : []).flatMap((ref) =>
    ref['@id'] ? [ref['@id']] : [],
  );
  const downloads = ids.flatMap((id): Download[] => {
    const node = byId.get(id);
    const format = formatOf(id, datasetId);
    const url = node?.['dcat:downloadURL']?.['@id'];
    if (!format || !url) return [];
    const media = node['dcat:mediaType']?.['@id'] ?? null;
    return [
      {
        format,
        url: localPath(url),
        mediaType: media?.startsWith(MEDIA_TYPE_PREFIX)
          ? media.slice(MEDIA_TYPE_PREFIX.length)
          : media,
      },
    ];
  });
  return downloads.sort(
    (a, b) => DOWNLOAD_FORMATS.indexOf(a.format) - DOWNLOAD_FORMATS.indexOf(b.format),
  );
}

/** SDMX answers "as published on" (asOf); Planwatch's CSV and Excel exports show the current figures. */
export function withVintage(download: Download, asOf: string | null): Download {
  if (!asOf || (download.format !== 'sdmx-csv' && download.format !== 'sdmx-json')) return download;
  const separator = download.url.includes('?') ? '&' : '?';
  return { ...download, url: `${download.url}${separator}asOf=${encodeURIComponent(asOf)}` };
}
