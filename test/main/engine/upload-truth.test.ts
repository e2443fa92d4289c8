import { createHash } from 'node:crypto';
import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { statSource } from '../../../src-main/engine/source-file.js';
import { addCheckedFiles } from '../../../src-main/intake/add-checked-files.js';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { writeDamagedSlide, writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const METADATA = { userid: 19, patient_id: 12 };

/** "Done" means the bytes that passed QC are stored, once; and the queue remembers what it uploaded. */
describe('upload truth', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let stateDir: string;
  const engines: TestEngine[] = [];
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
    stateDir = path.join(temp.dir, 'state');
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.dispose();
    await temp.cleanup();
  });
  const open = async (options: Parameters<typeof startTestEngine>[1] = {}) => {
    const engine = await startTestEngine(sandbox.api, { stateDir, ...options });
    engines.push(engine);
    return engine;
  };
  const add = (engine: TestEngine, files: string[]) =>
    addCheckedFiles(
      engine.engine,
      files.map((file) => ({ path: file, metadata: METADATA })),
      { inspect: (file) => inspectSlide(file) },
    );
  const stored = async (uid: string) =>
    Buffer.from(await (await fetch(`${sandbox.api}/S3/file/${uid}`)).arrayBuffer());

  it('a slide cut short after it passed QC is refused with the QC reason, never Done', async () => {
    const slide = await writeSlide(temp.dir, 'shrinks.svs', 8 * 1024);
    const engine = await open();
    const [result] = await add(engine, [slide.file]);
    expect(result).toMatchObject({ outcome: 'added' });
    // The copy is cut short before its bytes go out (a scanner's share dropping mid-copy, say).
    await truncate(slide.file, 1_000);
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([result && 'job' in result ? result.job.id : -1]);
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'source-refused', retryable: false } });
    expect(job?.error?.message).toMatch(
      /^shrinks\.svs changed after it was queued and no longer passes slide QC/,
    );
    expect(job?.imageUniqueId ?? null).toBeNull();
  });

  it('a slide that shrinks while it uploads is refused by QC on its restart, never stored short', async () => {
    const slide = await writeSlide(temp.dir, 'shrinking.svs', 96 * 1024);
    const engine = await open({ limitRate: 512 * 1024, uploadMode: 'post' });
    const [result] = await add(engine, [slide.file]);
    const jobId = result && 'job' in result ? result.job.id : -1;
    const sending = new Promise<void>((resolve) =>
      engine.engine.on((event) => {
        if (event.type === 'progress' && event.jobs.some((p) => p.id === jobId && p.bytesSent > 0)) resolve();
      }),
    );
    engine.engine.start();
    await sending;
    await truncate(slide.file, 1_000);
    const [job] = await engine.engine.whenSettled([jobId]);
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'source-refused' } });
    const images = await engine.api.listImagesOfUser(19);
    const uploaded = images.filter(
      (image) => image.filename === 'shrinking.svs' && image.status === 'Uploaded',
    );
    expect(uploaded).toEqual([]);
  }, 120_000);

  it('a slide rewritten after QC into another valid slide is checked again and uploads the new bytes', async () => {
    const slide = await writeSlide(temp.dir, 'rewritten.svs', 4 * 1024);
    const engine = await open();
    const [result] = await add(engine, [slide.file]);
    const replacement = await writeSlide(temp.dir, 'replacement.svs', 6 * 1024);
    await writeFile(slide.file, replacement.bytes);
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([result && 'job' in result ? result.job.id : -1]);
    expect(job).toMatchObject({
      state: 'done',
      sha256: sha256(replacement.bytes),
      size: replacement.bytes.length,
    });
    expect((await stored(job!.imageUniqueId!)).equals(replacement.bytes)).toBe(true);
  });

  it('a slide queued with its pixel decoding owed (watch folders) is decoded before it registers, also after a restart: damaged image data never reaches the server', async () => {
    const good = await writeSlide(temp.dir, 'owed-good.svs', 8 * 1024);
    const damaged = await writeDamagedSlide(temp.dir, 'owed-damaged.svs', 8 * 1024);
    const first = await open();
    const added = await first.engine.add(
      await Promise.all(
        [good.file, damaged.file].map(async (file) => {
          const checked = await statSource(file);
          // As the watcher queues: the structure checked at this version, the decoding left to the run.
          return { path: file, metadata: METADATA, checked, pixelQcOwed: true };
        }),
      ),
    );
    expect(added).toMatchObject([{ outcome: 'added' }, { outcome: 'added' }]);
    const ids = added.map((result) => ('job' in result ? result.job.id : -1));
    // The debt is in the queue's file, not in memory: a restart before the run still decodes first.
    engines.splice(engines.indexOf(first), 1);
    await first.engine.close();

    const second = await open();
    second.engine.start();
    const [uploaded, refused] = await second.engine.whenSettled(ids);
    expect(uploaded).toMatchObject({ state: 'done', sha256: sha256(good.bytes) });
    expect((await stored(uploaded!.imageUniqueId!)).equals(good.bytes)).toBe(true);
    expect(refused).toMatchObject({
      state: 'failed',
      imageUniqueId: null,
      error: { kind: 'source-refused', retryable: false },
    });
    expect(refused!.error!.message).toMatch(
      /^owed-damaged\.svs failed slide QC when its image data was decoded before upload, so it was not uploaded: .*tile \(0, 0\)/,
    );
    const records = await second.api.listImagesOfUser(METADATA.userid);
    expect(records.filter((image) => image.filename === 'owed-damaged.svs')).toEqual([]);
  });

  it('"Clear finished" hides uploads but remembers them, across restarts; "forget" lets one go again', async () => {
    const slide = await writeSlide(temp.dir, 'remembered.svs');
    const copy = path.join(temp.dir, 'remembered-copy.svs');
    await writeFile(copy, slide.bytes);
    const first = await open();
    const [uploaded] = await first.upload([slide.file]);
    expect(uploaded).toMatchObject({ state: 'done' });
    expect(await first.engine.clearFinished()).toBe(1);
    expect(first.engine.list()).toEqual([]);
    engines.splice(engines.indexOf(first), 1);
    await first.engine.close();

    const second = await open();
    const [again, sameContent] = await add(second, [slide.file, copy]);
    expect(again).toMatchObject({ outcome: 'already-uploaded', job: { id: uploaded!.id } });
    expect(sameContent).toMatchObject({ outcome: 'added', job: { state: 'checking' } });
    second.engine.start();
    const copyId = sameContent && 'job' in sameContent ? sameContent.job.id : -1;
    const [decided] = await second.engine.whenSettled([copyId]);
    expect(decided).toMatchObject({ state: 'duplicate', duplicateOf: uploaded!.id, imageUniqueId: null });
    await second.engine.stop();
    expect(await second.engine.clearFinished()).toBe(1);
    expect(second.engine.list()).toEqual([]);

    expect(second.engine.forget(uploaded!.id)).toBe(true);
    const [fresh] = await add(second, [slide.file]);
    expect(fresh).toMatchObject({ outcome: 'added' });
    expect(second.engine.forget(fresh && 'job' in fresh ? fresh.job.id : -1)).toBe(false); // not finished
  });
});
