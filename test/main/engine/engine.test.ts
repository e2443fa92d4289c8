import { chmod, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import type { EngineEvent } from '../../../src-shared/engine/index.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('upload engine against the real sandbox', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let current: TestEngine | undefined;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
    await temp.cleanup();
  });

  const engine = async (options: Parameters<typeof startTestEngine>[1] = {}) =>
    (current = await startTestEngine(sandbox.api, options));
  const stored = async (uid: string) =>
    Buffer.from(await (await fetch(`${sandbox.api}/S3/file/${uid}`)).arrayBuffer());
  const imagesNamed = async (name: string) =>
    (await current!.api.listImagesOfUser(19)).filter((image) => image.filename === name);

  it.each(['multipart', 'post'] as const)(
    'uploads byte-identical in %s mode, with metadata, hash and server logs',
    async (mode) => {
      const { file, bytes } = await writeRandomFile(temp.dir, `slide-${mode}.svs`, 12 * MiB + 333);
      const { upload, api } = await engine({ uploadMode: mode });
      const [job] = await upload([file]);
      expect(job).toMatchObject({
        state: 'done',
        mode,
        bytesDone: bytes.length,
        sha256: sha256(bytes),
        error: null,
      });
      expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);
      const [image] = await imagesNamed(path.basename(file));
      expect(image).toMatchObject({ status: 'Uploaded', workarea_id: 6, study_id: 5, patient_id: 3 });
      const messages = (await api.listLogs(job!.imageUniqueId!))
        .filter((log) => log.type === 'Upload')
        .map((log) => log.message);
      // A multipart upload logs its start; a one-request POST logs once, when it has finished.
      expect(messages).toHaveLength(mode === 'multipart' ? 2 : 1);
      if (mode === 'multipart') expect(messages[0]).toMatch(/^Upload started: slide-multipart\.svs/);
      expect(messages.at(-1)).toMatch(
        new RegExp(
          `^Upload finished: slide-${mode}\\.svs, 12 MiB \\(${mode}\\) from .* SHA-256 ${sha256(bytes)}$`,
        ),
      );
    },
  );

  it('falls back to the presigned POST when the server has no multipart extension', async () => {
    const seedOnly = await startTestSandbox({ multipart: false });
    try {
      const { file, bytes } = await writeRandomFile(temp.dir, 'seed-only.svs', 3 * MiB);
      current = await startTestEngine(seedOnly.api);
      const [job] = await current.upload([file]);
      expect(job).toMatchObject({ state: 'done', mode: 'post' });
      expect(
        Buffer.from(
          await (await fetch(`${seedOnly.api}/S3/file/${job!.imageUniqueId}`)).arrayBuffer(),
        ).equals(bytes),
      ).toBe(true);
    } finally {
      await current?.dispose();
      current = undefined;
      await seedOnly.dispose();
    }
  });

  it('uploads a 0-byte file and a unicode-named file', async () => {
    const empty = path.join(temp.dir, 'empty.svs');
    await writeFile(empty, '');
    const { file: unicode, bytes } = await writeRandomFile(temp.dir, 'Präparat 😐 Schnitt.svs', 6 * MiB);
    const { upload } = await engine();
    const jobs = await upload([empty, unicode]);
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done']);
    expect((await stored(jobs[0]!.imageUniqueId!)).length).toBe(0);
    expect((await stored(jobs[1]!.imageUniqueId!)).equals(bytes)).toBe(true);
    expect(await imagesNamed('Präparat 😐 Schnitt.svs')).toHaveLength(1);
  });

  it('reports missing and unreadable sources clearly without touching the server', async () => {
    const folder = path.join(temp.dir, 'a-folder.svs');
    await mkdir(folder);
    const { engine: e } = await engine();
    const results = await e.add([
      { path: path.join(temp.dir, 'nope.svs'), metadata: { userid: 19 } },
      { path: folder, metadata: { userid: 19 } },
    ]);
    expect(results[0]).toMatchObject({
      outcome: 'error',
      message: expect.stringMatching(/gone|moved or deleted/),
    });
    expect(results[1]).toMatchObject({
      outcome: 'error',
      message: expect.stringMatching(/not a regular file/),
    });
  });

  it('fails a job whose file disappeared before it ran, with a reason', async () => {
    const { file } = await writeRandomFile(temp.dir, 'vanishing.svs', 1000);
    const { engine: e } = await engine();
    const [added] = await e.add([{ path: file, metadata: { userid: 19 } }]);
    await chmod(file, 0o644);
    await import('node:fs/promises').then((fs) => fs.rm(file));
    e.start();
    const [job] = await e.whenSettled(['job' in added! ? added.job.id : 0]);
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'source-missing', retryable: false } });
    expect(job!.error!.message).toMatch(/vanishing\.svs is gone/);
    expect(await imagesNamed('vanishing.svs')).toHaveLength(0);
  });

  it('a file deleted mid-upload fails and leaves nothing half-made on the server, saying what was removed', async () => {
    const { file } = await writeRandomFile(temp.dir, 'deleted-midway.svs', 12 * MiB);
    const { engine: e, events } = await engine({ limitRate: 4 * MiB, partConcurrency: 1 });
    const [added] = await e.add([{ path: file, metadata: { userid: 19 } }]);
    const id = 'job' in added! ? added.job.id : 0;
    e.start();
    const uid = await waitFor(() => {
      const job = e.get(id);
      return job && job.bytesDone >= 5 * MiB ? job.imageUniqueId : undefined;
    }, 'the first part stored');
    expect(await imagesNamed('deleted-midway.svs')).toHaveLength(1);
    await import('node:fs/promises').then((fs) => fs.rm(file));
    const [job] = await e.whenSettled([id]);
    expect(job).toMatchObject({ state: 'failed', imageUniqueId: null, error: { kind: 'source-missing' } });
    await waitFor(
      () => events.find((event) => event.type === 'notice' && event.message.includes(`record ${uid}`)),
      'the notice naming the removed record',
    );
    expect(await imagesNamed('deleted-midway.svs')).toHaveLength(0);
  });

  it('uploads a file whose name has control characters, quotes and backslashes, by POST and by multipart', async () => {
    const name = 'case\u001b[31m "7"\\\tslide.svs';
    const { file, bytes } = await writeRandomFile(temp.dir, name, 6 * MiB);
    const { upload, engine: e } = await engine();
    for (const uploadMode of ['post', 'multipart'] as const) {
      e.updateSettings({ uploadMode });
      const [job] = await upload([file], { force: true });
      expect(job).toMatchObject({ state: 'done', fileName: name, mode: uploadMode });
      expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);
    }
    expect((await imagesNamed(name)).length).toBe(2);
  });

  it('uploads 20 files at once, each exactly once', async () => {
    const files = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeRandomFile(temp.dir, `batch-${String(i).padStart(2, '0')}.svs`, 100_000 + i * 7919),
      ),
    );
    const { upload } = await engine({ fileConcurrency: 4 });
    const jobs = await upload(files.map((f) => f.file));
    expect(jobs.every((job) => job.state === 'done')).toBe(true);
    for (const [i, { bytes }] of files.entries())
      expect((await stored(jobs[i]!.imageUniqueId!)).equals(bytes)).toBe(true);
    const names = (await current!.api.listImagesOfUser(19))
      .map((image) => image.filename)
      .filter((name) => name.startsWith('batch-'));
    expect(names.sort()).toEqual(files.map((f) => path.basename(f.file)).sort());
  });

  /** The most jobs between registering and finalizing at one time, from the engine's job events. */
  const peakRunning = (events: readonly EngineEvent[]): number => {
    const running = new Set<number>();
    let peak = 0;
    for (const event of events) {
      if (event.type !== 'job-updated') continue;
      if (['registering', 'uploading', 'finalizing'].includes(event.job.state)) running.add(event.job.id);
      else running.delete(event.job.id);
      peak = Math.max(peak, running.size);
    }
    return peak;
  };

  it('keeps to a fixed number of files at once when adaptive concurrency is off', async () => {
    const files = await Promise.all(
      Array.from({ length: 24 }, (_, i) => writeRandomFile(temp.dir, `fixed-${i}.svs`, 20_000 + i)),
    );
    const { upload, events } = await engine({ fileConcurrency: 2, adaptiveConcurrency: false });
    const jobs = await upload(files.map((f) => f.file));
    expect(jobs.every((job) => job.state === 'done')).toBe(true);
    expect(peakRunning(events)).toBeLessThanOrEqual(2);
  });

  it('with adaptive concurrency uploads every small file exactly once, within its ceiling', async () => {
    const files = await Promise.all(
      Array.from({ length: 60 }, (_, i) => writeRandomFile(temp.dir, `adaptive-${i}.svs`, 30_000 + i)),
    );
    const { upload, events } = await engine({ fileConcurrency: 2 });
    const jobs = await upload(files.map((f) => f.file));
    expect(jobs.every((job) => job.state === 'done')).toBe(true);
    for (const [i, { bytes }] of files.entries())
      expect((await stored(jobs[i]!.imageUniqueId!)).equals(bytes)).toBe(true);
    expect(peakRunning(events)).toBeLessThanOrEqual(32);
  });

  it('does not upload the same file version twice; --force does', async () => {
    const { file } = await writeRandomFile(temp.dir, 'twice.svs', 50_000);
    const { upload, engine: e } = await engine();
    await upload([file]);
    const again = await e.add([{ path: file, metadata: { userid: 19 } }]);
    expect(again[0]).toMatchObject({ outcome: 'already-uploaded' });
    const forced = await upload([file], { force: true });
    expect(forced[0]!.state).toBe('done');
    expect(await imagesNamed('twice.svs')).toHaveLength(2);
  });

  it("an automatic add (a watch folder) leaves a person's paused, cancelled or failed job; a person's add queues it again", async () => {
    const { file } = await writeRandomFile(temp.dir, 'left.svs', 50_000);
    const { engine: e } = await engine(); // not started: nothing runs
    const metadata = { userid: 19 };
    const [added] = await e.add([{ path: file, metadata }]);
    if (added?.outcome !== 'added') throw new Error(`not added: ${JSON.stringify(added)}`);
    const id = added.job.id;

    e.pause(id);
    expect(await e.add([{ path: file, metadata, automatic: true }])).toMatchObject([
      { outcome: 'left-for-person', job: { id, state: 'paused' } },
    ]);
    // Asked for the other way (de-identified) it is another upload, refused here as the open job's twin.
    expect(await e.add([{ path: file, metadata, automatic: true, deidentify: true }])).toMatchObject([
      { outcome: 'error', message: expect.stringMatching(/already in the queue without de-identification/) },
    ]);
    expect(await e.add([{ path: file, metadata }])).toMatchObject([
      { outcome: 'resumed', job: { id, state: 'queued' } },
    ]);

    await e.cancel(id);
    expect(await e.add([{ path: file, metadata, automatic: true }])).toMatchObject([
      { outcome: 'left-for-person', job: { id, state: 'cancelled' } },
    ]);
    // `force` is a person's "upload anyway", whoever passes it.
    const [forced] = await e.add([{ path: file, metadata, automatic: true, force: true }]);
    expect(forced).toMatchObject({ outcome: 'added' });
    expect(e.list().map((job) => job.state)).toEqual(['cancelled', 'queued']);
  });

  it('recognises the same slide copied under another path as already uploaded', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'original.svs', 300_000);
    const copy = path.join(temp.dir, 'copy-of-original.svs');
    await writeFile(copy, bytes);
    const sameSizeOtherContent = path.join(temp.dir, 'other.svs');
    await writeFile(
      sameSizeOtherContent,
      Buffer.concat([bytes.subarray(0, 100_000), Buffer.alloc(100_000, 1), bytes.subarray(200_000)]),
    );
    const { upload, engine: e } = await engine();
    await upload([file]);
    const [duplicate, different] = await e.add([
      { path: copy, metadata: { userid: 19 } },
      { path: sameSizeOtherContent, metadata: { userid: 19 } },
    ]);
    // Adding never reads a whole file: both fingerprints collide with the upload, so both are checked in the
    // background — the copy ends a duplicate of the upload (nothing sent), the other file uploads.
    expect(duplicate).toMatchObject({ outcome: 'added', job: { state: 'checking' } });
    expect(different).toMatchObject({ outcome: 'added', job: { state: 'checking' } });
    const ids = [duplicate, different].map((result) => (result && 'job' in result ? result.job.id : -1));
    const [copyJob, otherJob] = await e.whenSettled(ids);
    const original = e.list().find((job) => job.sourcePath === file)!;
    expect(copyJob).toMatchObject({ state: 'duplicate', duplicateOf: original.id, imageUniqueId: null });
    expect(otherJob).toMatchObject({ state: 'done' });
    // Known from now on without reading it again.
    const [known] = await e.add([{ path: copy, metadata: { userid: 19 } }]);
    expect(known).toMatchObject({ outcome: 'duplicate', job: { id: original.id } });
    const [forced] = await e.add([{ path: copy, metadata: { userid: 19 }, force: true }]);
    expect(forced).toMatchObject({ outcome: 'added', job: { state: 'queued' } });
  });

  it('pauses and resumes without losing confirmed parts', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'pausable.svs', 30 * MiB);
    const { engine: e } = await engine({ limitRate: 8 * MiB, partConcurrency: 1 });
    const [added] = await e.add([{ path: file, metadata: { userid: 19 } }]);
    const id = 'job' in added! ? added.job.id : 0;
    e.start();
    await waitFor(() => ((e.get(id)?.bytesDone ?? 0) >= 10 * MiB ? true : undefined), 'two parts');
    e.pause(id);
    await waitFor(() => (e.get(id)?.state === 'paused' ? true : undefined), 'paused');
    const kept = e.get(id)!.bytesDone;
    expect(kept).toBeGreaterThanOrEqual(10 * MiB);
    e.updateSettings({ limitRate: undefined });
    e.resume(id);
    const [job] = await e.whenSettled([id]);
    expect(job!.state).toBe('done');
    expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);
    const logs = (await current!.api.listLogs(job!.imageUniqueId!)).map((log) => log.message);
    expect(logs.some((message) => /^Upload resumed at \d+%/.test(message))).toBe(true);
  });

  it('pauses a paced one-request POST mid-file without an uncaught error, and resumes it', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'paced-post.svs', 2 * MiB);
    const { engine: e, events } = await engine({ uploadMode: 'post', limitRate: 512 * 1024 });
    const [added] = await e.add([{ path: file, metadata: { userid: 19 } }]);
    const id = 'job' in added! ? added.job.id : 0;
    e.start();
    const sending = () =>
      events.some(
        (event) => event.type === 'progress' && event.jobs.some((j) => j.id === id && j.bytesSent > 0),
      );
    await waitFor(() => (sending() ? true : undefined), 'bytes on the way');
    e.pause(id);
    await waitFor(() => (e.get(id)?.state === 'paused' ? true : undefined), 'paused');
    e.updateSettings({ limitRate: undefined });
    e.resume(id);
    const [job] = await e.whenSettled([id]);
    expect(job!.state).toBe('done');
    expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);
  });

  it('cancels: stops, aborts the partial upload and deletes the half-made record; retry starts clean', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'cancelled.svs', 20 * MiB);
    const { engine: e } = await engine({ limitRate: 6 * MiB, partConcurrency: 1 });
    const [added] = await e.add([{ path: file, metadata: { userid: 19 } }]);
    const id = 'job' in added! ? added.job.id : 0;
    e.start();
    await waitFor(() => ((e.get(id)?.bytesDone ?? 0) >= 5 * MiB ? true : undefined), 'a part');
    await e.cancel(id);
    expect(e.get(id)).toMatchObject({ state: 'cancelled', imageUniqueId: null });
    expect(await imagesNamed('cancelled.svs')).toHaveLength(0);
    e.updateSettings({ limitRate: undefined });
    e.retry(id);
    const [job] = await e.whenSettled([id]);
    expect(job!.state).toBe('done');
    expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);
    expect(await imagesNamed('cancelled.svs')).toHaveLength(1);
  });

  it('reorders and prioritises the queue', async () => {
    const files = await Promise.all(
      ['q1', 'q2', 'q3'].map((name) => writeRandomFile(temp.dir, `${name}.svs`, 1000)),
    );
    const { engine: e } = await engine();
    const added = await e.add(files.map((f) => ({ path: f.file, metadata: { userid: 19 } })));
    const [a, b, c] = added.map((result) => ('job' in result ? result.job.id : 0));
    e.moveBefore(c!, a);
    expect(e.list().map((job) => job.id)).toEqual([c, a, b]);
    e.moveBefore(c!, 'end');
    expect(e.list().map((job) => job.id)).toEqual([a, b, c]);
    e.moveBefore(c!);
    expect(e.list().map((job) => job.id)).toEqual([c, a, b]);
    e.setPriority(b!, 10);
    expect(e.list().map((job) => job.id)).toEqual([b, c, a]);
  });

  it('restarts the bytes when the file changes mid-upload, ending with the new content only', async () => {
    const { file } = await writeRandomFile(temp.dir, 'growing.svs', 20 * MiB);
    const { engine: e } = await engine({ limitRate: 10 * MiB, partConcurrency: 1 });
    const [added] = await e.add([{ path: file, metadata: { userid: 19 } }]);
    const id = 'job' in added! ? added.job.id : 0;
    e.start();
    await waitFor(() => ((e.get(id)?.bytesDone ?? 0) >= 5 * MiB ? true : undefined), 'first part');
    const replacement = Buffer.alloc(21 * MiB, 0x5a);
    await writeFile(file, replacement);
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    e.updateSettings({ limitRate: undefined });
    const [job] = await e.whenSettled([id]);
    expect(job).toMatchObject({ state: 'done', size: replacement.length, sha256: sha256(replacement) });
    expect((await stored(job!.imageUniqueId!)).equals(replacement)).toBe(true);
    expect(current!.events.some((event) => event.type === 'notice' && /changed/.test(event.message))).toBe(
      true,
    );
    expect((await stat(file)).size).toBe(replacement.length);
  });

  it('emits throttled progress with totals from acknowledged bytes', async () => {
    const { file } = await writeRandomFile(temp.dir, 'progress.svs', 15 * MiB);
    const { upload, events } = await engine({ limitRate: 20 * MiB });
    await upload([file]);
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    const times = events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => event.type === 'progress');
    expect(times.length).toBeLessThan(50);
    // The totals catch up with the last acknowledgement in the next progress event (at most 100 ms later).
    await waitFor(
      () =>
        events.some(
          (event) =>
            event.type === 'progress' &&
            event.totals.bytesDone === 15 * MiB &&
            event.totals.bytesTotal === 15 * MiB,
        ) || undefined,
      'totals with every byte acknowledged',
    );
    expect(
      progress.some((event) => event.type === 'progress' && event.jobs.some((job) => job.bytesSent > 0)),
    ).toBe(true);
  });

  it('keeps the queue in SQLite across engine restarts', async () => {
    const { file } = await writeRandomFile(temp.dir, 'durable.svs', 1000);
    const first = await engine();
    await first.engine.add([{ path: file, metadata: { userid: 19 } }]);
    const stateDir = first.stateDir;
    await first.engine.close();
    const second = await startTestEngine(sandbox.api, { stateDir });
    try {
      expect(second.engine.list().map((job) => job.fileName)).toEqual(['durable.svs']);
      second.engine.start();
      const [job] = await second.engine.whenSettled();
      expect(job!.state).toBe('done');
    } finally {
      await second.engine.close();
    }
    expect(
      (await readFile(path.join(stateDir, 'queue.sqlite'))).includes(Buffer.from('X-Amz-Signature')),
    ).toBe(false);
  });
});
