/**
 * The portal reads only the versioned public API (`/api/public/v1`): what an
 * anonymous visitor may see, published values only. URL builders and the
 * response types, taken from the shared contracts.
 */
import type { PlanProgressView, TargetProgressView } from '../../../../src/api/analytics-contract';
import type { DataValue, Indicator, Plan, PlanNodeTree } from '../../../../src/api/contract';
import type {
  PublicIndicatorDetail,
  PublicIndicatorList,
  PublicSearchHit,
  PublicSearchResult,
  PublicValueList,
} from '../../../../src/api/public-contract';
import type { Release, ReleaseList } from '../../../../src/api/releases-contract';

export type {
  DataValue,
  Indicator,
  Plan,
  PlanNodeTree,
  PlanProgressView,
  PublicIndicatorDetail,
  PublicIndicatorList,
  PublicSearchHit,
  PublicSearchResult,
  PublicValueList,
  Release,
  ReleaseList,
  TargetProgressView,
};

export const OUTLINE_PLAN = 'nids-2016';
export const PUBLIC_API_BASE = '/api/public/v1';
/** The most the public API sends in one page. */
export const PUBLIC_PAGE_MAX = 500;

const enc = encodeURIComponent;

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const publicApi = {
  indicators: (plan?: string) =>
    `${PUBLIC_API_BASE}/indicators${query({ plan, limit: PUBLIC_PAGE_MAX })}`,
  indicator: (code: string) => `${PUBLIC_API_BASE}/indicators/${enc(code)}`,
  values: (
    code: string,
    filter: { orgUnit?: string; from?: string; to?: string; asOf?: string | null; offset?: number },
  ) =>
    `${PUBLIC_API_BASE}/indicators/${enc(code)}/values${query({ ...filter, limit: PUBLIC_PAGE_MAX })}`,
  plan: (code: string) => `${PUBLIC_API_BASE}/plans/${enc(code)}`,
  progress: (plan = OUTLINE_PLAN, orgUnit = 'CN') =>
    `${PUBLIC_API_BASE}/progress${query({ plan, orgUnit })}`,
  search: (q: string, offset = 0, limit = 50) =>
    `${PUBLIC_API_BASE}/search${query({ q, limit, offset: offset || undefined })}`,
  releases: () => `${PUBLIC_API_BASE}/releases`,
};

/** Open-data downloads and documents outside the JSON API (links only). */
export const openDataLinks = {
  catalogJsonLd: '/api/catalog.jsonld',
  catalogTurtle: '/api/catalog.ttl',
  sdmxDataflows: '/api/sdmx/structure/dataflow/PLANWATCH',
  sdmxStructure: '/api/sdmx/structure/datastructure/PLANWATCH/DSD_PLANWATCH',
  openApiDocs: '/api/docs',
  openApiJson: '/api/docs/json',
  publicApi: PUBLIC_API_BASE,
};

/** The note of a published figure revised after publication, and when; null if never revised. */
export function revisionOf(value: DataValue): { at: string | null; note: string } | null {
  const note = value.revisionNote?.trim();
  return note ? { at: value.revisedAt, note } : null;
}
