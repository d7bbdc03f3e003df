/**
 * CSV (formula) injection: Excel, LibreOffice and Google Sheets read a cell that starts with
 * `=`, `+`, `-` or `@` (or a tab or CR) as a formula, so a name such as
 * `=HYPERLINK("https://…","詳細")` in an exported file would run when staff open it. The
 * export writes such a cell with a `'` in front, which Excel takes as "this is text"; the
 * import takes that `'` away again. 全角 `＝＋－＠` are treated the same, to be safe with
 * Japanese input.
 *
 * The two are exact inverses, so every value survives export → import:
 * - guardFormula(v) puts one `'` before v when v starts with any number of `'` and then one
 *   of the characters above (`=1`, `'=1`, `''-3` …);
 * - unguardFormula(c) takes one `'` off c when c is `'` followed by such a value.
 * A value that itself starts with `'=` is written `''=` and read back as `'=`. A cell written
 * by hand as `'=1` is read as `=1` (Excel never writes the `'` of a cell typed as `'=1`, so such a
 * file came from an export).
 *
 * Numbers and dates the export formats itself (`-3`, `2024/4/1`) are not guarded: Excel reads
 * `-3` as the number it is, and nothing but digits, `.` and `-` can be in them.
 */

const RISKY = /^'*[=+\-@\t\r＝＋－＠]/;

export function guardFormula(value: string): string {
  return RISKY.test(value) ? `'${value}` : value;
}

export function unguardFormula(cell: string): string {
  // Fast path: nearly every cell starts with something else.
  return cell.charCodeAt(0) === 0x27 && RISKY.test(cell.slice(1)) ? cell.slice(1) : cell;
}
