/**
 * The API client: a fetch wrapper that turns the API's error body
 * ({ error: { code, message, details } }, message in Japanese) into an ApiError, and
 * the react-query hooks the pages use.
 */
import { useQuery } from '@tanstack/react-query';
import type {
  ChambersBody,
  KpiRecordsBody,
  KpiResult,
  KpiResultsBody,
  LateRoadmapBody,
  PlanExportBody,
  ProgressBody,
  RoadmapBody,
  SessionBody,
} from './types.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error: { code: string; message: string; details?: { location?: string; message: string }[] };
}

/** The field-by-field problems of a 400, for showing beside the fields. */
export class ApiValidationError extends ApiError {
  constructor(
    message: string,
    status: number,
    code: string,
    readonly details: { location?: string; message: string }[],
  ) {
    super(message, status, code);
  }
}

/** The session's CSRF token, sent with every change (the server checks it against the session). */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string' &&
    'code' in error &&
    typeof error.code === 'string'
  );
}

async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('サーバーに接続できませんでした。しばらくしてからもう一度お試しください。', 0, 'NETWORK');
  }
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => undefined));
  return response;
}

/** The error of a response that is not OK, from the API's error body when it has one. */
function errorOf(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const { message, code, details = [] } = body.error;
    return details.length > 0 ? new ApiValidationError(message, status, code, details) : new ApiError(message, status, code);
  }
  return new ApiError(`サーバーからエラーが返されました（${status}）`, status, 'HTTP');
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await send(path, { headers: { accept: 'application/json' } });
  // The server validates its responses against the same schema the type comes from.
  return (await response.json()) as T;
}

/** A change (POST, PUT, PATCH, DELETE) with a JSON body; the JSON answer, or undefined for 204. */
export async function sendJson<T = undefined>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await send(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Sends a file as the request body with XMLHttpRequest, whose upload reports progress (fetch's
 * does not): onProgress gets the share sent, 0 to 1. The JSON answer, or an ApiError as send's.
 */
export function uploadFile<T>(path: string, file: Blob, onProgress: (share: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'text/csv');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError('サーバーに接続できませんでした。しばらくしてからもう一度お試しください。', 0, 'NETWORK'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(errorOf(xhr.status, body));
    };
    xhr.send(file);
  });
}

/** Who is signed in, or null (401). Sets the CSRF token for changes. */
export const sessionQuery = {
  queryKey: ['session'],
  queryFn: async (): Promise<SessionBody | null> => {
    try {
      const session = await getJson<SessionBody>('/api/v1/session');
      setCsrfToken(session.csrfToken);
      return session;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw e;
    }
  },
  staleTime: 60_000,
};

export function useSession() {
  return useQuery(sessionQuery);
}

export function useSetupStatus(enabled: boolean) {
  return useQuery({ queryKey: ['setup'], queryFn: () => getJson<{ needed: boolean }>('/api/v1/setup'), enabled });
}

/** Client errors (404 and the like) will not go away by asking again. */
export function shouldRetry(failureCount: number, error: Error): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function useChambers() {
  return useQuery({
    queryKey: ['chambers'],
    queryFn: () => getJson<ChambersBody>('/api/v1/chambers'),
  });
}

export const planQuery = (chamber: string) => ({
  queryKey: ['plan', chamber],
  queryFn: () => getJson<PlanExportBody>(`/api/v1/chambers/${encodeURIComponent(chamber)}/plan`),
});

export function usePlan(chamber: string) {
  return useQuery({ ...planQuery(chamber), enabled: chamber !== '' });
}

const chamberPath = (chamber: string) => `/api/v1/chambers/${encodeURIComponent(chamber)}`;

/** A KPI's result for a fiscal year, looked up by `kpiResultKey`. */
export type KpiResultMap = ReadonlyMap<string, KpiResult>;

export function kpiResultKey(code: string, fiscalYear: number): string {
  return `${code}/${fiscalYear}`;
}

// Module level, so react-query keeps one map per response for every table on the page.
function indexResults(body: KpiResultsBody): KpiResultMap {
  return new Map(body.results.map((r) => [kpiResultKey(r.code, r.fiscalYear), r]));
}

/** The actuals of every KPI for every year of the plan: one request, shared by the page's tables. */
export function useKpiResults(chamber: string) {
  return useQuery({
    queryKey: ['kpis', chamber],
    queryFn: () => getJson<KpiResultsBody>(`${chamberPath(chamber)}/kpis`),
    select: indexResults,
    enabled: chamber !== '',
  });
}

/** The dashboard of a fiscal year (today's when undefined). */
export const progressQuery = (chamber: string, fiscalYear: number | undefined) => ({
  queryKey: ['progress', chamber, fiscalYear ?? 'current'],
  queryFn: () => getJson<ProgressBody>(`${chamberPath(chamber)}/progress${fiscalYear === undefined ? '' : `?fiscalYear=${fiscalYear}`}`),
});

export function useProgress(chamber: string, fiscalYear: number | undefined) {
  return useQuery({ ...progressQuery(chamber, fiscalYear), enabled: chamber !== '' });
}

/** The 工程表 of the current plan with what became of every entry: one request for the measure pages and the whole-plan grid. */
export const roadmapQuery = (chamber: string) => ({
  queryKey: ['roadmap', chamber],
  queryFn: () => getJson<RoadmapBody>(`${chamberPath(chamber)}/roadmap`),
});

export function useRoadmap(chamber: string) {
  return useQuery({ ...roadmapQuery(chamber), enabled: chamber !== '' });
}

/** The late 工程表 entries of a fiscal year (today's when undefined), for the dashboard. */
export const lateRoadmapQuery = (chamber: string, fiscalYear: number | undefined) => ({
  queryKey: ['roadmap-late', chamber, fiscalYear ?? 'current'],
  queryFn: () =>
    getJson<LateRoadmapBody>(`${chamberPath(chamber)}/roadmap/late${fiscalYear === undefined ? '' : `?fiscalYear=${fiscalYear}`}`),
});

export function useLateRoadmap(chamber: string, fiscalYear: number | undefined) {
  return useQuery({ ...lateRoadmapQuery(chamber, fiscalYear), enabled: chamber !== '' });
}

/** Rows returned per term by the drill-down. */
export const RECORDS_LIMIT = 1000;

export function useKpiRecords(chamber: string, code: string, fiscalYear: number) {
  return useQuery({
    queryKey: ['kpi-records', chamber, code, fiscalYear],
    queryFn: () =>
      getJson<KpiRecordsBody>(
        `${chamberPath(chamber)}/kpis/${encodeURIComponent(code)}/records?fiscalYear=${fiscalYear}&limit=${RECORDS_LIMIT}`,
      ),
    enabled: chamber !== '' && code !== '',
  });
}
