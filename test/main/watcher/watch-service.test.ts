import {
  appendFile,
  chmod,
  mkdir,
  readdir,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
  copyFile,
} from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';
import { slideBytes, writeDamagedSlide, writeSlide } from '../../helpers/slides.js';
import { buildMirax } from '../../helpers/slide-sets.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startTestWatch, type TestWatch } from '../../helpers/watch.js';
import { waitFor } from '../../helpers/wait.js';

describe('watch folders', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let engine: TestEngine;
  let watch: TestWatch;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
    engine = await startTestEngine(sandbox.api, { stateDir: path.join(temp.dir, 'state') });
    engine.engine.start();
    watch = startTestWatch(engine);
  });
  afterEach(async () => {
    await watch.service.close();
    await engine.engine.close();
    await temp.cleanup();
  });

  const scanner = async (name = 'scanner') => {
    const dir = path.join(temp.dir, name);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  const storedFor = async (name: string) => {
    const records = (await engine.api.listImagesOfUser(19)).filter((image) => image.filename === name);
    return Promise.all(
      records.map(async (image) =>
        Buffer.from(await (await fetch(`${sandbox.api}/S3/file/${image.image_unique_id}`)).arrayBuffer()),
      ),
    );
  };
  const jobDone = (name: string) =>
    waitFor(
      () => engine.engine.list().find((job) => job.fileName === name && job.state === 'done'),
      `${name} uploaded`,
    );

  it('uploads a slide only once the scanner has finished writing it', async () => {
    const dir = await scanner();
    await watch.add(dir, { stableSeconds: 0.6 });
    const full = slideBytes('growing', 4096);
    const file = path.join(dir, 'growing.svs');
    const half = Math.floor(full.length / 3);
    await writeFile(file, full.subarray(0, half));
    for (const [start, end] of [
      [half, 2 * half],
      [2 * half, full.length],
    ] as const) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(engine.engine.list()).toHaveLength(0); // still being written: nothing queued
      await appendFile(file, full.subarray(start, end));
    }
    const finishedWriting = Date.now();
    const job = await jobDone('growing.svs');
    expect(job.createdAt).toBeGreaterThanOrEqual(finishedWriting);
    expect(job.size).toBe(full.length);
    expect((await storedFor('growing.svs')).map((bytes) => bytes.equals(full))).toEqual([true]);
  });

  it('finds slides added while it was not running (catch-up scan), skipping temporary and hidden files', async () => {
    const dir = await scanner();
    const folder = await watch.add(dir);
    await watch.service.close();
    await writeSlide(dir, 'while-closed.svs');
    await mkdir(path.join(dir, 'case-12'));
    await writeSlide(path.join(dir, 'case-12'), 'nested.ndpi');
    for (const junk of [
      '.hidden.svs',
      'scan.svs.tmp',
      'scan.svs.part',
      '~$lock.svs',
      'Thumbs.db',
      '.DS_Store',
      'notes.txt',
    ]) {
      await writeFile(path.join(dir, junk), slideBytes(junk));
    }
    watch = startTestWatch(engine);
    await watch.service.start();
    expect(watch.service.list().map((f) => f.id)).toEqual([folder.id]);
    await jobDone('while-closed.svs');
    await jobDone('nested.ndpi');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(
      engine.engine
        .list()
        .map((job) => job.fileName)
        .sort(),
    ).toEqual(['nested.ndpi', 'while-closed.svs']);
    const view = watch.folder(folder.id)!;
    expect(view).toMatchObject({ status: 'watching', mode: 'events', counts: { uploaded: 2, queued: 0 } });
  });

  it('queues a slide on its structure and decodes its pixels before upload: damaged image data fails, named, never stored', async () => {
    const dir = await scanner();
    await writeSlide(dir, 'intact.svs');
    await writeDamagedSlide(dir, 'damaged.svs');
    await watch.add(dir);
    const checked = await watch.outcome('damaged.svs', 'checked');
    expect(checked.message).toMatch(/structure check .*decoded and checked before it uploads/);
    // Queued without waiting for a decode (a catch-up scan of thousands of slides takes seconds)…
    await watch.outcome('damaged.svs', 'queued');
    // …and refused by the engine's decode before it registers: the folder's history says which tile and why.
    const failed = await watch.outcome('damaged.svs', 'failed');
    expect(failed.message).toMatch(
      /^damaged\.svs failed slide QC when its image data was decoded before upload, so it was not uploaded: .*tile \(0, 0\)/,
    );
    await jobDone('intact.svs');
    expect(await storedFor('damaged.svs')).toEqual([]);
    expect(engine.engine.list().find((job) => job.fileName === 'damaged.svs')).toMatchObject({
      state: 'failed',
      imageUniqueId: null,
    });
  });

  it('leaves to a person what a person must act on: after a restart a failed slide is not retried, a cancelled or paused one not sent', async () => {
    const dir = await scanner();
    await writeDamagedSlide(dir, 'damaged.svs');
    const folder = await watch.add(dir);
    await watch.outcome('damaged.svs', 'failed'); // the engine's decode refused it
    // Two more slides, queued while the queue does not run: a person cancels one (wrong patient), pauses the other.
    await engine.engine.stop();
    await writeSlide(dir, 'wrong-patient.svs');
    await writeSlide(dir, 'later.svs');
    await watch.outcome('wrong-patient.svs', 'queued');
    await watch.outcome('later.svs', 'queued');
    const jobOf = (name: string) => engine.engine.list().find((job) => job.fileName === name)!;
    await engine.engine.cancel(jobOf('wrong-patient.svs').id);
    engine.engine.pause(jobOf('later.svs').id);
    const before = engine.events.length;

    // The app starts again: its catch-up scan finds all three, as they were.
    await watch.service.close();
    watch = startTestWatch(engine);
    engine.engine.start();
    await watch.service.start();
    expect((await watch.outcome('damaged.svs', 'failed')).message).toMatch(
      /^damaged\.svs failed before and is not retried by the watch folder: .*tile \(0, 0\).* Retry it in the queue, or replace the file/,
    );
    expect((await watch.outcome('wrong-patient.svs', 'held')).message).toMatch(
      /^wrong-patient\.svs was cancelled in the queue, so the watch folder does not upload it again/,
    );
    expect((await watch.outcome('later.svs', 'held')).message).toMatch(
      /^later\.svs is paused in the queue; resume it there/,
    );
    const states = () =>
      engine.engine
        .list()
        .map((job) => [job.fileName, job.state])
        .sort();
    expect(states()).toEqual([
      ['damaged.svs', 'failed'],
      ['later.svs', 'paused'],
      ['wrong-patient.svs', 'cancelled'],
    ]);
    // None of them was queued again, even for a moment.
    const requeued = engine.events
      .slice(before)
      .filter(
        (event) =>
          (event.type === 'job-updated' || event.type === 'job-added') && event.job.state === 'queued',
      );
    expect(requeued).toEqual([]);
    expect(await storedFor('wrong-patient.svs')).toEqual([]);

    // Clearing the list keeps those decisions (hidden, not deleted): "retry all" does not reach them, and after
    // another start the folder still neither retries nor uploads them.
    await engine.engine.clearFinished();
    expect(states()).toEqual([['later.svs', 'paused']]);
    engine.engine.retry('all');
    await watch.service.close();
    watch = startTestWatch(engine);
    await watch.service.start();
    expect((await watch.outcome('damaged.svs', 'failed')).message).toMatch(
      /Its job was cleared from the queue; add the file by hand, or replace it, to upload it\.$/,
    );
    expect((await watch.outcome('wrong-patient.svs', 'held')).message).toMatch(
      /was cancelled in the queue \(and cleared from it\), so the watch folder does not upload it again/,
    );
    await watch.outcome('later.svs', 'held');
    expect(states()).toEqual([['later.svs', 'paused']]);
    // The folder's card counts what still needs someone: the paused slide, not the cleared failure.
    await waitFor(
      () => (watch.folder(folder.id)?.counts.failed === 0 ? true : undefined),
      'no failure left to act on',
    );
    expect(watch.folder(folder.id)?.counts).toMatchObject({ queued: 1, failed: 0 });

    // A person resumes the paused one: it uploads, and the folder counts it as its own.
    engine.engine.resume(jobOf('later.svs').id);
    await jobDone('later.svs');
    await watch.outcome('later.svs', 'uploaded');
    // A rescanned (replaced) slide is a new version: queued and uploaded.
    await writeSlide(dir, 'damaged.svs');
    await watch.outcome('damaged.svs', 'queued');
    await waitFor(
      () => engine.engine.list().find((job) => job.fileName === 'damaged.svs' && job.state === 'done'),
      'the replaced slide uploaded',
    );
    expect(await storedFor('damaged.svs')).toHaveLength(1);
    expect(await storedFor('wrong-patient.svs')).toEqual([]);
    // A person adding the cancelled slide by hand uploads it: a new, visible job.
    const [byHand] = await engine.engine.add([
      { path: path.join(dir, 'wrong-patient.svs'), metadata: { userid: 19 } },
    ]);
    expect(byHand).toMatchObject({ outcome: 'added' });
    await jobDone('wrong-patient.svs');
    expect(await storedFor('wrong-patient.svs')).toHaveLength(1);
  });

  it('keeps a cancel also for a folder watched without saving it: cleared, then watched again, it is not uploaded', async () => {
    const dir = await scanner();
    await engine.engine.stop();
    await writeSlide(dir, 'wrong-patient-transient.svs');
    await watch.add(dir, {}, false); // `watch <dir>` without --save: no saved folder, no watch_folder_id
    await watch.outcome('wrong-patient-transient.svs', 'queued');
    const job = engine.engine.list().find((row) => row.fileName === 'wrong-patient-transient.svs')!;
    await engine.engine.cancel(job.id);
    expect(await engine.engine.clearFinished()).toBe(1);
    expect(engine.engine.list()).toEqual([]);

    // Another `watch <dir>` later: the catch-up scan finds the slide, and the cancel still holds.
    await watch.service.close();
    watch = startTestWatch(engine);
    engine.engine.start();
    await watch.add(dir, {}, false);
    expect((await watch.outcome('wrong-patient-transient.svs', 'held')).message).toMatch(
      /^wrong-patient-transient\.svs was cancelled in the queue \(and cleared from it\), so the watch folder does not upload it again/,
    );
    expect(engine.engine.list()).toEqual([]);
    expect(await storedFor('wrong-patient-transient.svs')).toEqual([]);
  });

  it('watches by polling when asked (as for network shares)', async () => {
    const dir = await scanner();
    const folder = await watch.add(dir, { usePolling: true });
    expect(watch.folder(folder.id)!.mode).toBe('polling');
    const { bytes } = await writeSlide(dir, 'polled.svs');
    await jobDone('polled.svs');
    expect((await storedFor('polled.svs'))[0]!.equals(bytes)).toBe(true);
  });

  it('polls network filesystems automatically', async () => {
    await watch.service.close();
    watch = startTestWatch(engine, { isNetworkFolder: async () => true });
    const folder = await watch.add(await scanner());
    expect(watch.folder(folder.id)!.mode).toBe('polling');
  });

  it('survives the folder disappearing (share unmounted) and resumes when it is back', async () => {
    const dir = await scanner();
    const folder = await watch.add(dir);
    await waitFor(() => (watch.folder(folder.id)?.status === 'watching' ? true : undefined), 'watching');
    await rename(dir, `${dir}-away`);
    await waitFor(
      () => (watch.folder(folder.id)?.status === 'unreachable' ? true : undefined),
      'unreachable',
    );
    expect(watch.folder(folder.id)!.statusMessage).toMatch(/cannot be reached/);
    await writeSlide(`${dir}-away`, 'during-outage.svs');
    await rename(`${dir}-away`, dir);
    await waitFor(
      () => (watch.folder(folder.id)?.status === 'watching' ? true : undefined),
      'watching again',
    );
    await jobDone('during-outage.svs');
    await writeSlide(dir, 'after-outage.svs');
    await jobDone('after-outage.svs');
  });

  it('is not trapped by symlink loops', async () => {
    const dir = await scanner();
    await mkdir(path.join(dir, 'a'));
    await symlink(dir, path.join(dir, 'a', 'loop'));
    await symlink(path.join(dir, 'a'), path.join(dir, 'a', 'self'));
    await watch.add(dir);
    await writeSlide(path.join(dir, 'a'), 'behind-links.svs');
    await jobDone('behind-links.svs');
    expect(engine.engine.list()).toHaveLength(1);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read, and keeps watching', async () => {
    const dir = await scanner();
    await watch.add(dir);
    const { file } = await writeSlide(dir, 'locked.svs');
    await chmod(file, 0o000);
    await watch.outcome('locked.svs', 'failed');
    await writeSlide(dir, 'readable.svs');
    await jobDone('readable.svs');
  });

  it('refuses a truncated slide with its reason, and uploads it once it is complete', async () => {
    const dir = await scanner();
    await watch.add(dir);
    const full = slideBytes('cut', 2048);
    const file = path.join(dir, 'cut.svs');
    await writeFile(file, full.subarray(0, full.length - 5000));
    const skipped = await watch.outcome('cut.svs', 'skipped');
    expect(skipped.message).toMatch(/cut short|incomplete/);
    expect(engine.engine.list()).toHaveLength(0);
    await writeFile(file, full);
    await jobDone('cut.svs');
  });

  it('queues a MIRAX slide once, as one ZIP, when its folder has finished filling; moves the whole slide after', async () => {
    const dir = await scanner();
    const folder = await watch.add(dir, { afterUpload: 'move', moveSubdir: 'done' });
    // The .mrxs arrives first, its folder later (a copy from the scanner in progress).
    const staging = path.join(temp.dir, 'staging');
    await mkdir(staging);
    const built = await buildMirax(staging, 'CASE-7', { dataFiles: 3, dataBytes: 64 * 1024 });
    await rename(built.main, path.join(dir, 'CASE-7.mrxs'));
    const waiting = await watch.outcome('CASE-7.mrxs', 'settling');
    expect(waiting.message).toMatch(/waiting for all of its files/);
    expect(engine.engine.list()).toHaveLength(0);
    await rename(built.folder, path.join(dir, 'CASE-7'));
    const job = await jobDone('CASE-7.mrxs.zip');
    expect(job).toMatchObject({ memberCount: built.members.length, watchFolderId: folder.id });
    await watch.outcome('CASE-7.mrxs', 'moved');
    // One job, one image; the slide moved as a whole, its layout kept; nothing of it left behind.
    expect(engine.engine.list().map((listed) => listed.fileName)).toEqual(['CASE-7.mrxs.zip']);
    expect(await storedFor('CASE-7.mrxs.zip')).toHaveLength(1);
    expect((await readdir(path.join(dir, 'done', 'CASE-7'))).sort()).toEqual(
      built.members
        .filter((member) => member !== built.main)
        .map((member) => path.basename(member))
        .sort(),
    );
    expect((await readdir(dir)).sort()).toEqual(['done']);
  });

  it('moves or deletes slides after a verified upload, and applies the folder defaults', async () => {
    const moving = await scanner('moving');
    const deleting = await scanner('deleting');
    await watch.add(moving, {
      afterUpload: 'move',
      moveSubdir: 'done',
      metadata: { userid: 19, patient_id: 42, study: 5 },
    });
    await watch.add(deleting, { afterUpload: 'delete' });
    await mkdir(path.join(moving, 'case-1'));
    const { bytes } = await writeSlide(path.join(moving, 'case-1'), 'to-move.svs');
    await writeSlide(deleting, 'to-delete.svs');
    // Settling, QC, upload and the verified move: generous on a loaded 2-core CI machine.
    await watch.outcome('to-move.svs', 'moved', 30_000);
    await watch.outcome('to-delete.svs', 'deleted', 30_000);
    expect((await stat(path.join(moving, 'done', 'case-1', 'to-move.svs'))).size).toBe(bytes.length);
    await expect(stat(path.join(moving, 'case-1', 'to-move.svs'))).rejects.toThrow();
    expect(await readdir(deleting)).toEqual([]);
    const [image] = (await engine.api.listImagesOfUser(19)).filter((i) => i.filename === 'to-move.svs');
    expect(image).toMatchObject({ patient_id: 42, study_id: 5, status: 'Uploaded' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(engine.engine.list()).toHaveLength(2); // the moved file is not picked up again
  });

  it('does not upload a slide again after a restart, nor the same slide copied under another name', async () => {
    const dir = await scanner();
    await watch.add(dir);
    const { file } = await writeSlide(dir, 'once.svs');
    await jobDone('once.svs');
    await watch.service.close();
    watch = startTestWatch(engine);
    await watch.service.start();
    await copyFile(file, path.join(dir, 'once-copy.svs'));
    const duplicate = await watch.outcome('once-copy.svs', 'duplicate');
    expect(duplicate.message).toMatch(/same content/);
    // The copy is shown as what it is (checked in the background, not sent), next to the one upload.
    expect(engine.engine.list().map((job) => [job.fileName, job.state])).toEqual([
      ['once.svs', 'done'],
      ['once-copy.svs', 'duplicate'],
    ]);
    expect(await storedFor('once.svs')).toHaveLength(1);
    expect(await storedFor('once-copy.svs')).toHaveLength(0);
  });

  it('validates folder settings with clear messages', async () => {
    await expect(watch.add(path.join(temp.dir, 'nope'))).rejects.toThrow(
      /^There is no folder .*nope on this computer\.$/,
    );
    const dir = await scanner();
    await watch.add(dir);
    await expect(watch.add(dir)).rejects.toThrow(/already watched/);
    await expect(
      watch.add(await scanner('other'), { afterUpload: 'move', moveSubdir: '../escape' }),
    ).rejects.toThrow(/moveSubdir/);
  });

  it('falls back to polling when native watching runs out of handles', async () => {
    const dir = await scanner();
    const folder = await watch.add(dir);
    const watcher = (
      watch.service as unknown as {
        watchers: Map<number, { onWatchError(e: NodeJS.ErrnoException): Promise<void> }>;
      }
    ).watchers.get(folder.id)!;
    await watcher.onWatchError(
      Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
        code: 'ENOSPC',
      }),
    );
    await waitFor(() => (watch.folder(folder.id)?.mode === 'polling' ? true : undefined), 'polling');
    expect(watch.folder(folder.id)!.statusMessage).toMatch(/polling/);
    await writeSlide(dir, 'after-fallback.svs');
    await jobDone('after-fallback.svs');
  });

  describe.skipIf(!hasSharedFixtures)('real slides from ../shared/fixtures', () => {
    it('accepts small.svs (and its unicode twin), refuses truncated.svs and the undecodable TIFF, uploads the DICOM pair as one slide', async () => {
      const dir = await scanner();
      await watch.add(dir, { includeExtensions: ['.svs', '.tiff', '.dcm'] });
      for (const name of [
        'small.svs',
        '😐.svs',
        'truncated.svs',
        'boxes.tiff',
        'unopenable.tiff',
        'boxes_0.dcm',
        'boxes_1.dcm',
      ]) {
        await copyFile(fixturePath('slides', name), path.join(dir, name));
      }
      // small.svs and 😐.svs hold the same bytes: whichever settles first is uploaded, the other is a duplicate.
      const twins = ['small.svs', '😐.svs'];
      const uploaded = await waitFor(
        () => engine.engine.list().find((job) => twins.includes(job.fileName) && job.state === 'done'),
        'small.svs or its unicode twin uploaded',
      );
      await watch.outcome(
        twins.find((name) => name !== uploaded.fileName)!,
        'duplicate',
      );
      expect((await watch.outcome('truncated.svs', 'skipped')).message).toMatch(/cut short|incomplete/);
      await watch.outcome('unopenable.tiff', 'skipped');
      const series = await jobDone(`${path.basename(dir)}.dcm.zip`);
      expect(series.memberCount).toBe(2);
      const jobs = engine.engine.list();
      const names = jobs.map((job) => job.fileName);
      // The twin is listed as a duplicate of the upload, never sent.
      expect(jobs.filter((job) => twins.includes(job.fileName) && job.state !== 'duplicate')).toEqual([
        uploaded,
      ]);
      expect(names).not.toContain('truncated.svs');
      expect(names).not.toContain('unopenable.tiff');
      // The two instances are one job, never sent one by one.
      expect(names.filter((name) => name.endsWith('.dcm') || name.endsWith('.dcm.zip'))).toEqual([
        `${path.basename(dir)}.dcm.zip`,
      ]);
    });
  });

  it('cleans up: removing a folder stops watching it', async () => {
    const dir = await scanner();
    const folder = await watch.add(dir);
    await watch.service.remove(folder.id);
    await writeSlide(dir, 'ignored-after-removal.svs');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(engine.engine.list()).toHaveLength(0);
    await rm(dir, { recursive: true });
  });
});
