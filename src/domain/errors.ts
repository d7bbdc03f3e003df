/**
 * Errors carry a code; the edges (HTTP, CLI) map each code once to a status and an exit
 * code (src/http/errors.ts, src/cli/main.ts). The message is Japanese, for the user.
 */
export type ErrorCode =
  | 'PLAN_FILE_INVALID'
  | 'IMPORT_INVALID'
  /** The records cannot be written as asked (a character Shift_JIS lacks). */
  | 'EXPORT_UNWRITABLE'
  | 'NOT_FOUND'
  | 'DATABASE_LOCKED'
  | 'DATABASE_UNAVAILABLE'
  | 'BAD_REQUEST'
  /** Not signed in, or the sign-in failed. */
  | 'UNAUTHORIZED'
  /** Signed in, but the role does not allow it. */
  | 'FORBIDDEN'
  /** It already exists, or it is no longer possible (the first administrator is made). */
  | 'CONFLICT'
  /** The change touches a closed fiscal year's KPIs: it must be sent again with a confirmation. */
  | 'CONFIRMATION_REQUIRED';

export interface ErrorDetail {
  /** Where: a file and line, a field path, a row. */
  location?: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
