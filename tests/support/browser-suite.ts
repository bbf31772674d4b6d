// One built server and one Chromium per end-to-end test file, started before
// its tests and stopped after them.
import type { Browser, BrowserContextOptions, Page } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startTestServer, type TestServer } from './server';

export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A page in a fresh browser context (own cookies) aimed at the server. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** `env` may be a function, read when the suite starts (after earlier beforeAll hooks). */
export function useServerAndBrowser(env: Record<string, string> | (() => Record<string, string>) = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(typeof env === 'function' ? env() : env), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    async newPage(options = {}) {
      return (await browser!.newContext({ baseURL: server!.url, ...options })).newPage();
    },
  };
}
