import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startApp, type E2eApp, type E2eAppOptions } from './app-fixture.js';
import { launchChromium } from './browser.js';

export interface E2eApps {
  /** A fresh app (sandbox, host, page) for this test; closed after the test whatever its outcome. */
  start(options?: E2eAppOptions): Promise<E2eApp>;
}

/**
 * The hooks every e2e file needs: one Chromium for the file's tests (launching it per test costs seconds), and
 * the test's app closed after each test so the next one starts from fresh state.
 */
export function useE2eApps(): E2eApps {
  let browser: Browser | undefined;
  let app: E2eApp | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async start(options) {
      if (!browser) throw new Error('useE2eApps().start() runs inside a test, after the browser is launched');
      app = await startApp(browser, options);
      return app;
    },
  };
}
