/**
 * Content-Disposition for a download whose name is Japanese: RFC 6266 with the RFC 5987
 * `filename*=UTF-8''…` that every current browser reads, after a plain ASCII `filename` for
 * clients that read only that one.
 */

/** RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * as they are, which it must not. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function attachmentDisposition(name: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
