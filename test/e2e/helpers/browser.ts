import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: Playwright's own browsers are never downloaded on this machine or in CI. */
export const CHROMIUM_PATH = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';

/** One headless Chromium, shared by the tests of a file (each test gets its own context). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
