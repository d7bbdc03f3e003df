/**
 * The web UI is built by Vite into dist/web. `shirube serve` builds it when it is missing
 * or older than its sources, so a newcomer runs no separate build. The stamp records a
 * fingerprint of the sources (paths, sizes, mtimes) of the last build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const WEB_DIST = join(ROOT, 'dist', 'web');
const STAMP = join(WEB_DIST, '.source-fingerprint');
/** What the bundle is made of: the UI, the pure domain it imports, the build settings. */
const SOURCES = ['src/web', 'src/domain', 'vite.config.ts', 'package-lock.json'];

function walk(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else if (!/\.test\.tsx?$/.test(path)) {
    out.push(`${relative(ROOT, path)}:${st.size}:${Math.floor(st.mtimeMs)}`);
  }
}

export function sourceFingerprint(): string {
  const entries: string[] = [];
  for (const s of SOURCES) walk(join(ROOT, s), entries);
  return createHash('sha256').update(entries.join('\n')).digest('hex');
}

export function webBuildIsFresh(): boolean {
  return existsSync(join(WEB_DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sourceFingerprint();
}

export async function buildWeb(log: (line: string) => void = console.log): Promise<void> {
  const fingerprint = sourceFingerprint();
  log('画面（web UI）をビルドしています… / Building the web UI…');
  const started = Date.now();
  const { build } = await import('vite');
  // Vite takes React's mode from NODE_ENV; under a test runner (NODE_ENV=test) it would build
  // the development bundle, and the stamp would then serve it to every later start.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(STAMP, fingerprint);
  log(`ビルド完了（${((Date.now() - started) / 1000).toFixed(1)} 秒） / Built.`);
}

export async function ensureWebBuilt(log?: (line: string) => void): Promise<void> {
  if (!webBuildIsFresh()) await buildWeb(log);
}
