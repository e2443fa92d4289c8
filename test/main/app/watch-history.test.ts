import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { slideBytes, writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { serverSettings, startTestApp, type TestApp } from './app-harness.js';

describe('app service: watch folder history', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: TestApp | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    temp = await makeTempDir('pathomiq-app-watch-history-');
  });
  afterAll(async () => {
    await app?.dispose();
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  const start = () =>
    startTestApp({ stateDir: path.join(temp.dir, 'state'), stored: serverSettings(sandbox.api) });

  it('records every step of each file, searchable, and keeps it across a restart', async () => {
    app = await start();
    const folder = path.join(temp.dir, 'scanner');
    await mkdir(folder);
    const { id: folderId } = await app.send('watch.add', {
      path: folder,
      metadata: { userid: 19 },
      stableSeconds: 0.3,
      usePolling: true,
    });
    await writeSlide(folder, 'good.svs');
    const full = slideBytes('cut', 2048);
    await writeFile(path.join(folder, 'cut.svs'), full.subarray(0, full.length - 5000));
    // Deadlines only (a cold start on a busy machine is slow); nothing is asserted about the time taken.
    await app.waitForEvent(
      'watch-file',
      (e) => e.path.endsWith('good.svs') && e.outcome === 'uploaded',
      60_000,
    );
    await app.waitForEvent(
      'watch-file',
      (e) => e.path.endsWith('cut.svs') && e.outcome === 'skipped',
      60_000,
    );

    const good = await app.send('watch.history', { folderId, query: 'good.svs' });
    expect(good.entries.map((e) => e.outcome)).toEqual(['uploaded', 'queued', 'checked', 'found']);
    expect(good.entries[0]).toMatchObject({ folderId, path: path.join(folder, 'good.svs') });
    expect(good.entries[2]!.message).toBe(
      "good.svs passed slide QC's structure check (Aperio SVS); its image data is decoded and checked before it uploads.",
    );
    expect(good.entries[0]!.at).toBeGreaterThanOrEqual(good.entries[3]!.at);

    const skipped = await app.send('watch.history', { folderId, outcomes: ['skipped', 'failed'] });
    expect(skipped.entries).toHaveLength(1);
    expect(skipped.entries[0]!.message).toMatch(/^cut\.svs is cut short/);
    const byReason = await app.send('watch.history', { folderId, query: 'CUT SHORT' });
    expect(byReason.entries.map((e) => e.path)).toEqual([path.join(folder, 'cut.svs')]);

    const page = await app.send('watch.history', { folderId, limit: 2 });
    expect(page.more).toBe(true);
    const rest = await app.send('watch.history', { folderId, before: page.entries[1]!.id });
    expect([...page.entries, ...rest.entries]).toHaveLength(6);

    await app.dispose();
    app = await start();
    const kept = await app.send('watch.history', { folderId, outcomes: ['uploaded', 'skipped'] });
    expect(kept.entries.map((e) => [path.basename(e.path), e.outcome])).toEqual(
      expect.arrayContaining([
        ['good.svs', 'uploaded'],
        ['cut.svs', 'skipped'],
      ]),
    );

    await app.send('watch.remove', { id: folderId });
    expect((await app.dispatch('watch.history', { folderId })).ok).toBe(false);
  });

  it('a missing folder or a file is refused in words that name the path', async () => {
    app ??= await start();
    const missing = path.join(temp.dir, 'not-there');
    await expect(app.send('watch.add', { path: missing, metadata: { userid: 19 } })).rejects.toThrow(
      `There is no folder ${missing} on this computer.`,
    );
    const { file } = await writeSlide(temp.dir, 'a-file.svs');
    await expect(app.send('watch.add', { path: file, metadata: { userid: 19 } })).rejects.toThrow(
      `${file} is a file, not a folder.`,
    );
  });
});
