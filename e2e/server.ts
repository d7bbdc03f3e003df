/**
 * Starts `shirube serve` (or `shirube demo`) as a user would (a separate process, a fresh
 * embedded database, port chosen by the system) and stops it afterwards.
 *
 * Test files run in parallel, and a starting server builds the web UI into dist/web when it
 * is stale; two builds at once would empty each other's output. So servers start one at a
 * time (a lock directory, held until the server says it is listening); the second one then
 * finds the build fresh.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BIN = new URL('../bin/shirube.js', import.meta.url).pathname;
const START_LOCK = new URL('../test-results/.e2e-server-start.lock', import.meta.url).pathname;
const START_TIMEOUT_MS = 120_000;

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /**
   * serve: the bundled plans on an empty database (default).
   * demo: the demo database (にかほ-like records from FY2021 to today), built afresh.
   */
  command?: 'serve' | 'demo';
}

/** Waits for the start lock; a lock older than a start may take is left from a killed run. */
async function acquireStartLock(): Promise<() => void> {
  mkdirSync(join(START_LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(START_LOCK);
      return () => rmSync(START_LOCK, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (statSync(START_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > START_TIMEOUT_MS + 10_000) rmSync(START_LOCK, { recursive: true, force: true });
      else await sleep(200);
    }
  }
}

export async function startServer({ command = 'serve' }: StartServerOptions = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shirube-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SHIRUBE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV; // the test runner's NODE_ENV=test is not the user's
  const release = await acquireStartLock();
  const child: ChildProcess = spawn(process.execPath, [BIN, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let url: string;
  try {
    url = await readyUrl(child, command);
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  } finally {
    release();
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server's address, once it prints "… http://127.0.0.1:PORT/" (serve and demo alike). */
function readyUrl(child: ChildProcess, command: string): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start in 120 s:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}
