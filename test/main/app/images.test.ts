import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImageScopeXml, validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { parseSharedUserIds } from '../../../src-shared/api/index.js';
import { dispatchCommand } from '../../../src-shared/app/index.js';
import { ApiError, createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { appErrorInfo } from '../../../src-main/app/index.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { createUploadedImage, waitForImage, type UploadedImage } from '../cli/uploaded-image.js';
import { serverSettings, startTestApp, type TestApp } from './app-harness.js';

const ANNOTATION_XML = buildImageScopeXml({
  micronsPerPixel: 0.5,
  layers: [
    {
      name: 'Tumour',
      lineColor: 255,
      regions: [
        {
          type: 'rectangle',
          vertices: [
            { x: 0, y: 0 },
            { x: 10, y: 0 },
            { x: 10, y: 10 },
            { x: 0, y: 10 },
          ],
        },
      ],
    },
  ],
});

describe('app service: images, sharing, predictions, annotations, downloads, logs', () => {
  let sandbox: TestSandbox;
  let api: ApiClient;
  let app: TestApp;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let predicted: UploadedImage;
  let stopped: UploadedImage;
  let plain: UploadedImage;
  let theirs: string;

  beforeAll(async () => {
    // Speed 10: tiling and a prediction take about half a second each, long enough to stop one on the way.
    sandbox = await startTestSandbox({ speed: 10 });
    api = createApiClient({ baseUrl: sandbox.api });
    temp = await makeTempDir('pathomiq-app-images-');
    app = await startTestApp({ stored: serverSettings(sandbox.api) });
    // An odd size, so a short or padded download could not pass as equal.
    const upload = (name: string) => createUploadedImage(api, temp.dir, name, 300 * 1024 + 13);
    [predicted, stopped, plain] = await Promise.all([
      upload('predicted.svs'),
      upload('stopped.svs'),
      upload('plain.svs'),
    ]);
    const { file } = await writeRandomFile(temp.dir, 'other.svs', 4096);
    const created = await api.createImage({ filename: 'other.svs', userid: 20 });
    await api.uploadByPresignedPost(created.response, file);
    theirs = created.image_unique_id;
    await Promise.all(
      [predicted, stopped].map((image) => waitForImage(api, image.uid, 'tiling_status', 'Completed')),
    );
  });
  afterAll(async () => {
    await app?.dispose();
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it("lists my images, and every user's with the owner", async () => {
    const mine = await app.send('images.list', { scope: 'mine' });
    expect(mine.map((image) => image.image_unique_id).sort()).toEqual(
      [predicted.uid, stopped.uid, plain.uid].sort(),
    );
    expect(mine.every((image) => image.ownerId === null)).toBe(true);
    const all = await app.send('images.list', { scope: 'all' });
    expect(all.find((image) => image.image_unique_id === theirs)?.ownerId).toBe(20);
    expect(all.find((image) => image.image_unique_id === plain.uid)?.ownerId).toBe(19);
  });

  it('shares and unshares, answering with the updated image', async () => {
    const added = await app.send('images.share', {
      imageUniqueId: plain.uid,
      action: 'adduser',
      userIds: [20, 21],
    });
    expect(parseSharedUserIds(added.shared)).toEqual(expect.arrayContaining([20, 21]));
    const removed = await app.send('images.share', {
      imageUniqueId: plain.uid,
      action: 'removeuser',
      userIds: [20],
    });
    expect(parseSharedUserIds(removed.shared)).toContain(21);
    expect(parseSharedUserIds(removed.shared)).not.toContain(20);
    await expect(
      app.send('images.share', { imageUniqueId: 'no-such-image', action: 'adduser', userIds: [20] }),
    ).rejects.toMatchObject({
      // People read what happened (in the server's own words too) and what to do; the request and status are
      // its details.
      message: expect.stringMatching(
        /^The server no longer has it\. The server said: “[^”]+” Refresh the list; it may have been deleted\.$/,
      ),
      info: { detail: expect.stringMatching(/POST \/Images\/adduser failed — the server answered HTTP 404/) },
    });
  });

  it('exporting before any prediction says there is none yet', async () => {
    await expect(
      app.send('annotations.exportPrediction', { imageUniqueId: predicted.uid }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^.+ \(image \w+\) has no prediction result yet\. Start a prediction, or wait until it completes, then export again\.$/,
      ),
    });
  });

  it('starts a prediction, notifies when it finishes, and exports its XML', async () => {
    const started = await app.send('predictions.start', { imageUniqueId: predicted.uid });
    expect(started.status).toBe('Prediction Running');
    const notification = await app.waitForEvent(
      'notification',
      (n) => n.title === 'Prediction finished: predicted.svs',
    );
    expect(notification).toMatchObject({
      level: 'info',
      body: expect.stringMatching(/^(High|Low) risk, metric \d\.\d{3}$/),
    });

    const exported = await app.send('annotations.exportPrediction', { imageUniqueId: predicted.uid });
    expect(exported.fileName).toBe('predicted_prediction.xml');
    expect(validateImageScopeXml(exported.xml).ok).toBe(true);
    const logs = await app.send('logs.list', { imageUniqueId: predicted.uid });
    expect(logs.map((entry) => entry.message)).toEqual(expect.arrayContaining(['Prediction started']));
    expect(
      (await app.send('logs.list', { imageUniqueId: null })).some((e) => e.imageid === predicted.uid),
    ).toBe(true);
  });

  it('stops a running prediction: the image says so and no "finished" notification follows', async () => {
    await app.send('predictions.start', { imageUniqueId: stopped.uid });
    const image = await app.send('predictions.stop', { imageUniqueId: stopped.uid });
    expect(image.status).toBe('Prediction Stopped');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(app.events.some((e) => e.type === 'notification' && e.title.includes('stopped.svs'))).toBe(false);
    await expect(app.send('predictions.stop', { imageUniqueId: stopped.uid })).rejects.toThrow(
      /No prediction is running/,
    );
  });

  it('imports valid annotations; invalid XML is refused before anything is sent', async () => {
    const result = await app.send('annotations.import', {
      imageUniqueId: plain.uid,
      fileName: 'marks.xml',
      xml: ANNOTATION_XML,
    });
    expect(result.summary).toMatchObject({ layers: 1, regions: 1 });
    expect(result.message).toMatch(/^Imported marks\.xml \(1 region in 1 layer\) into plain\.svs: /);

    const before = (await app.send('logs.list', { imageUniqueId: plain.uid })).length;
    const refused = await app.dispatch('annotations.import', {
      imageUniqueId: plain.uid,
      fileName: 'bad.xml',
      xml: '<Annotations><Annotation>',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'failed', message: expect.stringMatching(/^bad\.xml: /) },
    });
    expect((await app.send('logs.list', { imageUniqueId: plain.uid })).length).toBe(before);
  });

  it('downloads in the background with progress, byte for byte, never replacing a file', async () => {
    const first = await app.send('images.download', { imageUniqueId: plain.uid });
    expect(first.path).toBe(path.join(app.downloadDir, 'plain.svs'));
    const done = await app.waitForEvent(
      'download-progress',
      (e) => e.downloadId === first.downloadId && e.state === 'done',
    );
    expect(done).toMatchObject({
      bytes: plain.bytes.length,
      total: plain.bytes.length,
      error: null,
      fileName: 'plain.svs',
    });
    expect((await readFile(first.path)).equals(plain.bytes)).toBe(true);
    const progress = app.events.filter(
      (e) => e.type === 'download-progress' && e.downloadId === first.downloadId,
    );
    expect(progress[0]).toMatchObject({ state: 'running', bytes: 0 });
    expect(
      progress.filter((e) => e.type === 'download-progress' && e.state === 'running').length,
    ).toBeLessThanOrEqual(12);

    const folder = path.join(temp.dir, 'chosen');
    await app.send('settings.update', { downloadDir: folder });
    const [a, b] = await Promise.all([
      app.send('images.download', { imageUniqueId: plain.uid }),
      app.send('images.download', { imageUniqueId: plain.uid }),
    ]);
    expect([a.path, b.path].sort()).toEqual([
      path.join(folder, 'plain (1).svs'),
      path.join(folder, 'plain.svs'),
    ]);
    await Promise.all(
      [a, b].map((d) =>
        app.waitForEvent('download-progress', (e) => e.downloadId === d.downloadId && e.state === 'done'),
      ),
    );
    expect((await readFile(b.path)).equals(plain.bytes)).toBe(true);

    await expect(app.send('images.download', { imageUniqueId: 'no-such-image' })).rejects.toMatchObject({
      message: expect.stringMatching(
        /^The server no longer has image \S+\. Refresh the list; it may have been deleted\.$/,
      ),
      info: { detail: expect.stringMatching(/was not found/) },
    });
  });

  it("downloads to a chosen folder and name (the command line's --out): refuses a taken name unless replacing", async () => {
    const folder = path.join(temp.dir, 'out');
    await mkdir(folder);
    const target = path.join(folder, 'named.svs');
    await writeFile(target, 'keep me');
    const to = { folder, fileName: 'named.svs' };
    await expect(app.send('images.download', { imageUniqueId: plain.uid, to })).rejects.toThrow(
      `${target} already exists; it was not replaced.`,
    );
    expect(await readFile(target, 'utf8')).toBe('keep me');
    await expect(
      app.send('images.download', { imageUniqueId: plain.uid, to: { folder: path.join(folder, 'missing') } }),
    ).rejects.toThrow(/the folder .*missing does not exist/);

    const replaced = await app.send('images.download', {
      imageUniqueId: plain.uid,
      to: { ...to, replace: true },
    });
    expect(replaced.path).toBe(target);
    await app.waitForEvent(
      'download-progress',
      (e) => e.downloadId === replaced.downloadId && e.state === 'done',
    );
    expect((await readFile(target)).equals(plain.bytes)).toBe(true);

    // No name given: the image's own, in that folder.
    const own = await app.send('images.download', { imageUniqueId: plain.uid, to: { folder } });
    expect(own.path).toBe(path.join(folder, 'plain.svs'));
    await app.waitForEvent('download-progress', (e) => e.downloadId === own.downloadId && e.state === 'done');
  });

  it('a refusal of the server crosses the transport with its kind: not found, and the token refused', async () => {
    const missing = await dispatchCommand(
      app.service.handlers,
      'images.get',
      { imageUniqueId: 'no-such-image' },
      appErrorInfo,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'failed', server: { kind: 'not-found' } } });
    expect(
      appErrorInfo(new ApiError({ endpoint: 'GET /Images', kind: 'unauthorized', message: 'no' })),
    ).toEqual({
      code: 'unauthorized',
      message:
        'The server did not accept the access token. Sign in again: enter a new access token in Settings.',
      detail: 'no',
      server: { endpoint: 'GET /Images', kind: 'unauthorized', status: null, retryable: false },
    });
  });

  it('deletes an image', async () => {
    expect(await app.send('images.delete', { imageUniqueId: stopped.uid })).toEqual({
      status: expect.any(String),
    });
    const mine = await app.send('images.list', { scope: 'mine' });
    expect(mine.some((image) => image.image_unique_id === stopped.uid)).toBe(false);
    await expect(app.send('images.delete', { imageUniqueId: stopped.uid })).rejects.toMatchObject({
      info: { detail: expect.stringMatching(/404/) },
    });
  });
});
