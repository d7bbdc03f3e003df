/** Server-side problems of a form, by field label (the API names fields in Japanese: ログインID, パスワード, …). */
import { ApiValidationError } from '../api.js';

export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiValidationError)) return {};
  return Object.fromEntries(error.details.map((d) => [d.location ?? '', d.message]));
}

/** The message for the form as a whole: the server's, unless it only repeats what the fields say. */
export function formError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiValidationError) return null;
  return error instanceof Error ? error.message : String(error);
}
