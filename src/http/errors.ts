/**
 * The one table from error codes to HTTP statuses, and the JSON shape of every error:
 * `{ error: { code, message, details } }` with a Japanese message.
 */
import type { ErrorCode } from '../domain/errors.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  PLAN_FILE_INVALID: 422,
  IMPORT_INVALID: 422,
  EXPORT_UNWRITABLE: 422,
  NOT_FOUND: 404,
  DATABASE_LOCKED: 503,
  DATABASE_UNAVAILABLE: 503,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  CONFIRMATION_REQUIRED: 409,
};

export interface ErrorBody {
  error: { code: string; message: string; details: { location?: string; message: string }[] };
}

export function errorBody(code: string, message: string, details: ErrorBody['error']['details'] = []): ErrorBody {
  return { error: { code, message, details } };
}
