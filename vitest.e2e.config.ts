import { defineConfig } from 'vitest/config';

/** End-to-end: real Chromium (Debian's, via playwright-core) against the browser host and the sandbox. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Each file starts a host, a sandbox and a browser: two cores hold two of those at once.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
