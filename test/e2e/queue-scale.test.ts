import { describe, expect, it } from 'vitest';
import { openQueueDatabase } from '../../src-main/engine/db/queue-database.js';
import { JobStore } from '../../src-main/engine/job-store.js';
import { E2E_USER } from './helpers/app-fixture.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { goTo } from './helpers/ui.js';

/** More than one page (200 first, then 1,000 a page): the list arrives in four answers. */
const JOBS = 2_500;
/** A server the app is not set to: its jobs stay in the queue, held, and nothing uploads. */
const OTHER_SERVER = 'https://queue-scale.example/api';

const e2e = useE2eApps();

// A string, not a function: this project's Node-side TypeScript has no DOM types.
const SCROLL_TO_END = `(async () => {
  const grid = document.querySelector('[role="grid"][aria-label="Upload queue"]');
  grid.scrollTop = grid.scrollHeight;
  await new Promise((resolve) => requestAnimationFrame(resolve));
})()`;

/** Jobs written by the engine's own job store into the queue of `stateDir`, in one transaction; their ids. */
function seedJobs(stateDir: string, count: number): number[] {
  const db = openQueueDatabase(stateDir);
  try {
    const store = new JobStore(db, OTHER_SERVER, () => undefined);
    store.add(
      Array.from({ length: count }, (_, index) => ({
        sourcePath: `/scans/CASE-${String(index).padStart(5, '0')}.svs`,
        fileName: `CASE-${String(index).padStart(5, '0')}.svs`,
        size: 1_000_000 + index,
        mtimeMs: 1,
        metadata: { userid: E2E_USER },
        server: OTHER_SERVER,
      })),
    );
    return store.visible().map((row) => row.id);
  } finally {
    db.close();
  }
}

describe('Queue of thousands of jobs', () => {
  it('counts the whole list from its first page, then fills in every row down to the last', async () => {
    const app = await e2e.start();
    const ids = seedJobs(app.stateDir, JOBS);
    const { page } = app;
    await page.reload();
    await goTo(page, 'Uploads');

    const grid = page.locator(`[role="grid"][aria-label="Upload queue"][aria-rowcount="${JOBS}"]`);
    await grid.locator('[data-testid="queue-row"]').first().waitFor();
    // Counted whole from the first page on, whatever has arrived since.
    await page.locator('.queue-toolbar__counts strong').filter({ hasText: '2,500 files' }).waitFor();
    await page.getByText(/still loading/).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator('.queue-toolbar__counts').innerText()).toBe(
      '2,500 files · 2,500 held for another server',
    );

    // The last job is a real row, not a placeholder. Scrolled until it shows: rows measured on the way change
    // the list's height.
    const last = grid.locator(`[data-testid="queue-row"][data-job-id="${ids.at(-1)}"]`);
    for (let step = 0; step < 40 && (await last.count()) === 0; step += 1) await page.evaluate(SCROLL_TO_END);
    await last.waitFor();
    expect(await last.getAttribute('aria-rowindex')).toBe(String(JOBS));
    expect(await grid.locator('.queue-row--loading').count()).toBe(0);
  });
});
