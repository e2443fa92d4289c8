import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { serverSettings, startTestApp, type TestApp } from './app-harness.js';

describe('app service: watch folders and notifications', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    temp = await makeTempDir('pathomiq-app-watch-');
    app = await startTestApp({ stateDir: path.join(temp.dir, 'state'), stored: serverSettings(sandbox.api) });
  });
  afterAll(async () => {
    await app?.dispose();
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('a watch folder queues new slides, forwards its events, and survives a reconnect', async () => {
    const folder = path.join(temp.dir, 'scanner');
    await mkdir(folder);
    const added = await app.send('watch.add', {
      path: folder,
      metadata: { userid: 19 },
      stableSeconds: 0.3,
      usePolling: true,
    });
    expect(added).toMatchObject({ path: folder, enabled: true });
    await writeSlide(folder, 'watched.svs');
    await app.waitForEvent(
      'watch-file',
      (e) => e.path.endsWith('watched.svs') && e.outcome === 'uploaded',
      20_000,
    );
    expect(app.events.some((e) => e.type === 'notification' && e.title === 'Uploaded watched.svs')).toBe(
      true,
    );

    await app.send('settings.update', { userId: 20 });
    const [again] = await app.send('watch.list');
    expect(again).toMatchObject({ id: added.id, path: folder });
    const disabled = await app.send('watch.setEnabled', { id: added.id, enabled: false });
    expect(disabled.enabled).toBe(false);
    await app.send('watch.remove', { id: added.id });
    expect(await app.send('watch.list')).toEqual([]);
  });

  it('with notifications off, uploads are not announced (settings problems still would be)', async () => {
    await app.send('settings.update', { notifications: false, userId: 19 });
    const { file } = await writeSlide(temp.dir, 'quiet.svs');
    const [outcome] = await app.send('queue.add', { paths: [file] });
    await app.waitForEvent('job-updated', (e) => e.job.id === outcome!.jobId && e.job.state === 'done');
    expect(app.events.some((e) => e.type === 'notification' && e.title.includes('quiet.svs'))).toBe(false);
  });

  it('the embedded sandbox runs a prediction end to end', async () => {
    const own = await startTestApp({ stateDir: path.join(temp.dir, 'sandboxed') });
    try {
      const { file } = await writeSlide(temp.dir, 'embedded.svs');
      const [outcome] = await own.send('queue.add', { paths: [file] });
      const done = await own.waitForEvent(
        'job-updated',
        (e) => e.job.id === outcome!.jobId && e.job.state === 'done',
      );
      const uid = done.job.imageUniqueId!;
      let started;
      for (let attempt = 0; !started; attempt += 1) {
        // Tiling must complete first (a conflict until then).
        started = await own.send('predictions.start', { imageUniqueId: uid }).catch((error: Error) => {
          if (attempt > 100 || !/tiled/.test(error.message)) throw error;
          return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50));
        });
      }
      await own.waitForEvent('notification', (n) => n.title === 'Prediction finished: embedded.svs');
    } finally {
      await own.dispose();
    }
  });
});
