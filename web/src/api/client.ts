/**
 * Fetches the API's JSON. Types only from the shared contract: the server
 * validates its responses, the web app does not ship zod.
 */
import type {
  ApiError,
  IndicatorDetail,
  Indicator,
  Plan,
  PlanSummary,
} from '../../../src/api/contract';

export const DEFAULT_PLAN = 'nids-2016';

/** A failed API call: HTTP status plus the server's `{ error, message }` when it sent one. */
export class ApiRequestError extends Error {
  readonly status: number | null;
  readonly code: string;
  readonly url: string;

  constructor(url: string, status: number | null, code: string, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.url = url;
    this.status = status;
    this.code = code;
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

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal });
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
  let body: unknown = null;
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    if (isApiError(body)) throw new ApiRequestError(url, response.status, body.error, body.message);
    throw new ApiRequestError(url, response.status, 'http', response.statusText);
  }
  if (body === null)
    throw new ApiRequestError(url, response.status, 'bad-response', type || 'no content type');
  return body as T;
}

const enc = encodeURIComponent;

export const api = {
  plans: () => '/api/plans',
  plan: (code: string) => `/api/plans/${enc(code)}`,
  indicators: (plan: string) => `/api/indicators?plan=${enc(plan)}`,
  indicator: (code: string) => `/api/indicators/${enc(code)}`,
};

export type PlanList = { items: PlanSummary[] };
export type IndicatorList = { items: Indicator[] };
export type { Indicator, IndicatorDetail, Plan, PlanSummary };
