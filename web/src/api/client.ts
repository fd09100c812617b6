/**
 * Fetches the API's JSON. Types only from the shared contract: the server
 * validates its responses, the web app does not ship zod.
 *
 * Requests go to the same origin with the session cookie; state-changing ones
 * carry the current session's CSRF token, which this module keeps.
 */
import type {
  ApiError,
  ApiToken,
  ApiTokenCreated,
  AuditEntry,
  DataValue,
  Grant,
  IndicatorDetail,
  Indicator,
  OrgUnit,
  Plan,
  PlanSummary,
  Session,
  User,
} from '../../../src/api/contract';
import type {
  Completeness,
  DataSetSummary,
  FindingView,
  FormRow,
  FormSave,
  FormView,
  SubmissionListItem,
  SubmissionView,
} from '../../../src/api/reporting-contract';
import type {
  AssessmentView,
  CascadeView,
  Cell,
  ForecastView,
  PlanProgressView,
  TargetProgressView,
} from '../../../src/api/analytics-contract';

export const DEFAULT_PLAN = 'nids-2016';

export type ErrorDetail = NonNullable<ApiError['details']>[number];

/** A failed API call: HTTP status plus the server's `{ error, message }` when it sent one. */
export class ApiRequestError extends Error {
  readonly status: number | null;
  readonly code: string;
  readonly url: string;
  readonly details: readonly ErrorDetail[];

  constructor(
    url: string,
    status: number | null,
    code: string,
    message: string,
    details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
    this.url = url;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: unknown }).error === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

/** The CSRF token of the current session (null when signed out). */
let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request made while signed in answers 401 (the session ended elsewhere). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** The session's own URLs answer 401 as part of their job; everything else means the session ended. */
const SESSION_URL = '/api/session';

async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  signal: AbortSignal | undefined,
  allowEmpty: boolean,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const raw = body instanceof Blob;
  // A multipart form's content type carries its boundary: the browser sets it.
  const form = body instanceof FormData;
  if (body !== undefined && !form)
    headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : raw || form ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(
      url,
      null,
      'network',
      error instanceof Error ? error.message : String(error),
    );
  }
  const type = response.headers.get('content-type') ?? '';
  let parsed: unknown = null;
  if (type.includes('json')) {
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && csrfToken !== null && !url.startsWith(SESSION_URL))
      onUnauthorized?.();
    if (isApiError(parsed))
      throw new ApiRequestError(
        url,
        response.status,
        parsed.error,
        parsed.message,
        parsed.details ?? [],
      );
    throw new ApiRequestError(url, response.status, 'http', response.statusText);
  }
  if (parsed === null) {
    if (allowEmpty) return undefined as T;
    throw new ApiRequestError(url, response.status, 'bad-response', type || 'no content type');
  }
  return parsed as T;
}

export function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', url, undefined, signal, false);
}

/** POST, PUT, PATCH or DELETE with the CSRF token; resolves to undefined on 204. */
export function sendJson<T = void>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  return request<T>(method, url, body, undefined, true);
}

/** POSTs a file as the raw body (an upload), with the CSRF token. */
export function sendFile<T>(url: string, file: Blob): Promise<T> {
  return request<T>('POST', url, file, undefined, false);
}

/** POSTs a multipart form (fields and files), with the CSRF token. */
export function sendForm<T>(url: string, form: FormData): Promise<T> {
  return request<T>('POST', url, form, undefined, false);
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** What /api/analytics/cells and its export select: indicators x units x periods. */
export interface CellQuery {
  indicators: readonly string[];
  /** Explicit units. */
  orgUnits?: readonly string[];
  /** A unit and its children. */
  children?: string;
  /** A subtree, with `level`. */
  under?: string;
  level?: string;
  /** Explicit periods, or a range of years at a period type. */
  periods?: readonly string[];
  from?: number;
  to?: number;
  periodType?: 'year' | 'half_year' | 'quarter' | 'month';
  basis?: string;
}

function cellParams(selection: CellQuery): Record<string, string | number | undefined> {
  return {
    indicator: selection.indicators.join(','),
    orgUnit: selection.orgUnits?.join(','),
    children: selection.children,
    under: selection.under,
    level: selection.level,
    period: selection.periods?.join(','),
    from: selection.from,
    to: selection.to,
    periodType: selection.periodType,
    basis: selection.basis,
  };
}

export const api = {
  plans: () => '/api/plans',
  plan: (code: string) => `/api/plans/${enc(code)}`,
  indicators: (plan: string) => `/api/indicators?plan=${enc(plan)}`,
  indicator: (code: string) => `/api/indicators/${enc(code)}`,
  session: () => SESSION_URL,
  revokeAllSessions: () => `${SESSION_URL}/revoke-all`,
  password: () => '/api/account/password',
  users: (orgUnit?: string) => `/api/users${query({ orgUnit })}`,
  userRoles: (id: number) => `/api/users/${id}/roles`,
  userRole: (id: number, assignmentId: number) => `/api/users/${id}/roles/${assignmentId}`,
  tokens: () => '/api/tokens',
  token: (id: number) => `/api/tokens/${id}`,
  audit: (filter: { entityType?: string; entityId?: string; limit?: number; beforeSeq?: number }) =>
    `/api/audit${query({ ...filter })}`,
  dataValues: (filter: { orgUnit?: string; indicator?: string }) =>
    `/api/data-values${query(filter)}`,
  writeDataValue: () => '/api/data-values',
  orgUnits: (filter: { parent?: string; level?: string; q?: string; limit?: number }) =>
    `/api/org-units${query(filter)}`,
  orgUnit: (code: string) => `/api/org-units/${enc(code)}`,
  dataSets: () => '/api/data-sets',
  dataSet: (code: string) => `/api/data-sets/${enc(code)}`,
  form: (dataSet: string, orgUnit: string, period: string) =>
    `/api/data-sets/${enc(dataSet)}/form${query({ orgUnit, period })}`,
  template: (dataSet: string, orgUnit: string, period: string, lang: 'zh' | 'en') =>
    `/api/data-sets/${enc(dataSet)}/template.xlsx${query({ orgUnit, period, lang })}`,
  exportValues: (filter: {
    format: 'csv' | 'xlsx' | 'sdmx-csv';
    dataSet?: string;
    under?: string;
    from?: string;
    to?: string;
    lang?: string;
  }) => `/api/data-values/export${query(filter)}`,
  importFile: (fileName: string, orgUnit: string, dryRun: boolean) =>
    `/api/imports${query({ fileName, orgUnit, dryRun: String(dryRun) })}`,
  submit: (dataSet: string) => `/api/data-sets/${enc(dataSet)}/submit`,
  approve: (dataSet: string) => `/api/data-sets/${enc(dataSet)}/approve`,
  returnSubmission: (dataSet: string) => `/api/data-sets/${enc(dataSet)}/return`,
  unlock: (dataSet: string) => `/api/data-sets/${enc(dataSet)}/unlock`,
  submissions: (dataSet: string, filter: { period?: string; state?: string; under?: string }) =>
    `/api/data-sets/${enc(dataSet)}/submissions${query(filter)}`,
  completeness: (dataSet: string, period: string, under: string) =>
    `/api/data-sets/${enc(dataSet)}/completeness${query({ period, under })}`,
  progress: (plan: string, orgUnit = 'CN') => `/api/progress${query({ plan, orgUnit })}`,
  indicatorProgress: (code: string, orgUnit = 'CN') =>
    `/api/indicators/${enc(code)}/progress${query({ orgUnit })}`,
  cascade: (code: string, year: number) => `/api/indicators/${enc(code)}/cascade${query({ year })}`,
  cells: (selection: CellQuery) => `/api/analytics/cells${query(cellParams(selection))}`,
  cellsExport: (selection: CellQuery, format: 'csv' | 'xlsx', lang: 'zh' | 'en') =>
    `/api/analytics/cells/export${query({ ...cellParams(selection), format, lang })}`,
};

export type PlanList = { items: PlanSummary[] };
export type IndicatorList = { items: Indicator[] };
export type UserList = { items: User[] };
export type TokenList = { items: ApiToken[] };
export type AuditList = { items: AuditEntry[] };
export type DataValueList = { items: DataValue[] };
export type OrgUnitList = { items: OrgUnit[]; total: number };
export type DataValueWrite = {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  value: number;
  comment: string | null;
  /** The version on screen when changing an existing value: the server refuses a lost update. */
  expectedVersion?: number;
  reason?: string | null;
};
export type DataSetList = { items: DataSetSummary[] };
export type SubmissionList = { items: SubmissionListItem[] };
export type CellList = { items: Cell[] };
export type IndicatorProgressList = { items: TargetProgressView[] };
export type {
  AssessmentView,
  CascadeView,
  Cell,
  ForecastView,
  PlanProgressView,
  TargetProgressView,
};
export type {
  Completeness,
  DataSetSummary,
  FindingView,
  FormRow,
  FormSave,
  FormView,
  SubmissionListItem,
  SubmissionView,
};
export type {
  ApiToken,
  ApiTokenCreated,
  AuditEntry,
  DataValue,
  Grant,
  Indicator,
  IndicatorDetail,
  OrgUnit,
  Plan,
  PlanSummary,
  Session,
  User,
};
