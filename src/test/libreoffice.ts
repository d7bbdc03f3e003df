/**
 * LibreOffice (soffice --headless) for tests that read our .xlsx files with a program nobody here
 * wrote: `convert` turns a workbook into CSV (the values as their number formats show them) or
 * PDF (what it prints), each run with a profile of its own so that parallel runs never share one.
 *
 * Needs LibreOffice Calc (`apt-get install -y libreoffice-calc`; .ci/run installs it). Without it,
 * `libreOfficeMissing` is true outside CI: the test skips, saying why; under CI it fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

function findSoffice(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const soffice = findSoffice();
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
export const LIBREOFFICE_INSTALL =
  'LibreOffice (soffice) がありません。apt-get install -y libreoffice-calc で入れてください（.ci/run は入れます）';
/** Skip (outside CI only) when LibreOffice is not installed. */
export const libreOfficeMissing = !soffice && !inCi;

/** LibreOffice's CSV filter: comma, double quotes, UTF-8 (76), from line 1, cells as shown (the 9th token). */
export const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true';

/** Converts `xlsx` (a file path) with `filter` into the same folder; the converted file's bytes. */
export async function convertWithLibreOffice(xlsx: string, filter: string, extension: string): Promise<Buffer> {
  if (!soffice) throw new Error(LIBREOFFICE_INSTALL);
  const dir = dirname(xlsx);
  const profile = pathToFileURL(join(dir, `profile-${extension}`)).href;
  const started = performance.now();
  await run(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', dir, xlsx], {
    timeout: 120_000,
  });
  console.info(`soffice --convert-to ${extension}: ${Math.round(performance.now() - started)} ms`);
  return readFileSync(join(dir, `${basename(xlsx, '.xlsx')}.${extension}`));
}

/** Pages of a PDF and its first page's size in points ([842, 595] for A4 landscape). */
export function pdfPages(pdf: Buffer): { pages: number; size: [number, number] } {
  const text = pdf.toString('latin1');
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
  return {
    pages: (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length,
    size: [Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))],
  };
}
