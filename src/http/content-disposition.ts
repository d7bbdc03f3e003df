/**
 * `Content-Disposition: attachment` for a download with a Japanese file name (RFC 6266): the
 * name in `filename*` as UTF-8 (RFC 5987), which every current browser uses, and an ASCII
 * `filename` for the few clients that do not read `filename*`.
 */

/** RFC 5987 attr-char: what encodeURIComponent leaves alone, less ' ( ) * ! which it must not. */
const encode = (name: string) => encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function attachment(name: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encode(name)}`;
}
