import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers and child processes; two cores, so keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default'],
    // Through vite, so a test's vi.mock('electron') reaches electron-store too (the binary is not installed here).
    server: { deps: { inline: ['electron-store'] } },
  },
});
