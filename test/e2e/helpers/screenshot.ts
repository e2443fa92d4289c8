import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const E2E_RESULTS_DIR = path.resolve('test-results', 'e2e');

/** Saves test-results/e2e/<name>.png (gitignored) for a person to look at; returns the file. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(E2E_RESULTS_DIR, { recursive: true });
  const file = path.join(E2E_RESULTS_DIR, `${name}.png`);
  // Settle running CSS transitions/animations so the picture shows the final state, not a frame of a fade.
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
  return file;
}
