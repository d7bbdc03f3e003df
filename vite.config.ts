/**
 * Builds the web UI (src/web) into dist/web, which `shirube serve` serves. Paths are
 * resolved from this file, so the build works from any working directory.
 * Dev: `npx vite --config vite.config.ts` proxies /api to a server on port 3100.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = dirname(fileURLToPath(import.meta.url));
const fromRoot = (path: string): string => resolve(repoRoot, path);

export default defineConfig({
  root: fromRoot('src/web'),
  plugins: [react()],
  build: {
    outDir: fromRoot('dist/web'),
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3100' },
  },
});
