/**
 * The setting of the journeys on the demo database: one demo server (`shirube demo`) and one
 * Chromium per test file, and a browser context signed in as the demo administrator.
 * Call at the top of a test file; the getters are valid inside its tests.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../src/usecases/load-demo.js';
import { launchBrowser, signedInContext } from './browser.js';
import { type RunningServer, startServer } from './server.js';

export interface DemoJourney {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** Signed in as the demo's administrator. */
  readonly context: BrowserContext;
}

export function demoJourney(): DemoJourney {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    server = await startServer({ command: 'demo' });
    browser = await launchBrowser();
    context = await signedInContext(browser, server.url, DEMO_LOGIN, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started (use it inside a test)`);
    return v;
  };
  return {
    get server() {
      return ready(server, 'the demo server');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
    get context() {
      return ready(context, 'the signed-in context');
    },
  };
}
