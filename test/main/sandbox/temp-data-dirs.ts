import { afterEach } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * Fresh sandbox data dirs for a test file, and a list of clean-ups run after each test in reverse order
 * (sandboxes stop before their data dirs go).
 */
export function useTempDataDirs() {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    cleanups,
    async tempDataDir(): Promise<string> {
      const temp = await makeTempDir('pathomiq-sandbox-lock-');
      cleanups.push(temp.cleanup);
      return temp.dir;
    },
  };
}
