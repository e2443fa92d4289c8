import { createHash } from 'node:crypto';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AddResult } from '../../../../src-main/engine/engine.js';
import { openslideView } from '../../../helpers/deid.js';
import type { TestEngine } from '../../../helpers/engine.js';
import { useEngineHarness } from '../../../helpers/engine-harness.js';
import { IDENTIFYING, identifiableSvsBytes } from '../../../helpers/slides.js';
import { startTestWatch } from '../../../helpers/watch.js';
import { waitFor } from '../../../helpers/wait.js';

const MiB = 1024 * 1024;
const METADATA = { userid: 19, patient_id: 12 };
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const jobId = (result: AddResult | undefined) => (result && 'job' in result ? result.job.id : -1);

describe('uploading with de-identification', { timeout: 120_000 }, () => {
  const harness = useEngineHarness();
  const { open, stored } = harness;
  const writeSvs = async (name: string, options: Parameters<typeof identifiableSvsBytes>[0] = {}) => {
    const file = path.join(harness.dir, name);
    const bytes = identifiableSvsBytes(options);
    await writeFile(file, bytes);
    return { file, bytes };
  };
  const uploadOne = async (engine: TestEngine, file: string, deidentify: boolean, force = false) => {
    const [added] = await engine.engine.add([{ path: file, metadata: METADATA, deidentify, force }]);
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([jobId(added)]);
    return job!;
  };
  /** The stored object: same length, none of the identifying text, OpenSlide lists no label or macro, sharp decodes. */
  const expectDeidentified = async (object: Buffer, source: Buffer) => {
    expect(object.length).toBe(source.length);
    for (const value of Object.values(IDENTIFYING)) expect(object.includes(value)).toBe(false);
    const file = path.join(harness.dir, `stored-${sha(object).slice(0, 8)}.svs`);
    await writeFile(file, object);
    const view = await openslideView(file);
    expect(view.associated).toEqual(['thumbnail']);
    expect(view.properties).toMatch(/openslide.vendor: 'aperio'/);
    for (const value of Object.values(IDENTIFYING)) expect(view.properties).not.toContain(value);
    const tile = await sharp(file).extract({ left: 0, top: 0, width: 256, height: 256 }).raw().toBuffer();
    expect(tile.length).toBe(256 * 256 * 3);
  };

  it.each(['post', 'multipart'] as const)(
    '%s: the stored slide has no label, macro or identifying fields; the source is unchanged',
    async (mode) => {
      const { file, bytes } = await writeSvs(`case-${mode}.svs`, {
        tileBytes: mode === 'multipart' ? MiB : 0,
      });
      const engine = await open({ uploadMode: mode });
      const job = await uploadOne(engine, file, true);
      expect(job).toMatchObject({
        state: 'done',
        mode,
        deidentified: expect.stringMatching(/^label and macro removed, \d+ identifying fields blanked$/),
      });
      const object = await stored(job.imageUniqueId!);
      // The checks of what was stored are of the bytes sent, not of the file.
      expect(job.sha256).toBe(sha(object));
      expect(job.sha256).not.toBe(sha(bytes));
      await expectDeidentified(object, bytes);
      expect(sha(await readFile(file))).toBe(sha(bytes));
      const logs = await engine.api.listLogs(job.imageUniqueId!);
      expect(logs.some((log) => /^De-identified on upload: label and macro removed/.test(log.message))).toBe(
        true,
      );
    },
  );

  it('off (the default): the stored object is byte-identical to the source', async () => {
    const { file, bytes } = await writeSvs('plain.svs');
    const engine = await open({ uploadMode: 'post' });
    const job = await uploadOne(engine, file, false);
    expect(job.state).toBe('done');
    expect(job.deidentified).toBeUndefined();
    expect((await stored(job.imageUniqueId!)).equals(bytes)).toBe(true);
  });

  it('stopped mid multipart upload, a new engine resumes and stores the same bytes as an uninterrupted upload', async () => {
    // Directories first: the parts stored before the stop hold patched bytes, which the resumed run re-reads.
    const { file, bytes } = await writeSvs('resumed.svs', { tileBytes: MiB, ifdsFirst: true });
    // Paced (2 MiB/s): stopped after two of its four parts, with seconds to spare — unpaced, a busy machine saw the
    // last parts finish before the stop, and nothing was left to resume.
    const first = await open({ uploadMode: 'multipart', partConcurrency: 1, limitRate: 2 * MiB });
    const [added] = await first.engine.add([{ path: file, metadata: METADATA, deidentify: true }]);
    const id = jobId(added);
    first.engine.start();
    await waitFor(
      () =>
        (first.engine.list().find((job) => job.id === id)?.bytesDone ?? 0) >= 10 * MiB ? true : undefined,
      'two parts stored',
    );
    await harness.close(first);
    const second = await open({ uploadMode: 'multipart' });
    expect(second.engine.list().find((job) => job.id === id)?.bytesDone).toBeGreaterThanOrEqual(10 * MiB);
    second.engine.start();
    const [job] = await second.engine.whenSettled([id]);
    expect(job).toMatchObject({ state: 'done', mode: 'multipart' });
    const resumed = await stored(job!.imageUniqueId!);
    expect(job!.sha256).toBe(sha(resumed));
    await expectDeidentified(resumed, bytes);
    expect(
      (await second.api.listLogs(job!.imageUniqueId!)).some((log) =>
        /Upload resumed at [1-9]\d*%/.test(log.message),
      ),
    ).toBe(true);

    const again = await uploadOne(second, file, true, true);
    expect(again.state).toBe('done');
    expect((await stored(again.imageUniqueId!)).equals(resumed)).toBe(true);
  });

  it('a source rewritten after it was queued is planned again: its new label is removed too', async () => {
    const { file } = await writeSvs('rewritten.svs');
    const engine = await open({ uploadMode: 'post' });
    const [added] = await engine.engine.add([{ path: file, metadata: METADATA, deidentify: true }]);
    const fresh = identifiableSvsBytes({ tileBytes: 4096 });
    await writeFile(file, fresh);
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([jobId(added)]);
    expect(job).toMatchObject({ state: 'done', size: fresh.length });
    await expectDeidentified(await stored(job!.imageUniqueId!), fresh);
  });

  it('a slide whose label cannot be removed safely is refused with the reason, and nothing is uploaded', async () => {
    const { file } = await writeSvs('odd.svs', { extra: true });
    const engine = await open({ uploadMode: 'post' });
    const [result] = await engine.engine.add([{ path: file, metadata: METADATA, deidentify: true }]);
    expect(result).toMatchObject({
      outcome: 'error',
      message: expect.stringMatching(
        /^odd\.svs was not uploaded: de-identification is on, and it holds an untiled image/,
      ),
    });
    expect(engine.engine.list()).toEqual([]);
  });

  it('a watch folder with de-identification on uploads its slides de-identified and refuses what it cannot clean', async () => {
    const engine = await open({ uploadMode: 'post' });
    engine.engine.start();
    const watch = startTestWatch(engine);
    try {
      const dir = path.join(harness.dir, 'scanner');
      await mkdir(dir);
      const folder = await watch.add(dir, { deidentify: true });
      expect(folder.deidentify).toBe(true);
      const bytes = identifiableSvsBytes();
      await writeFile(path.join(dir, 'watched.svs'), bytes);
      await writeFile(path.join(dir, 'odd.svs'), identifiableSvsBytes({ extra: true }));
      const refused = await watch.outcome('odd.svs', 'failed');
      expect(refused.message).toMatch(/odd\.svs was not uploaded: de-identification is on/);
      const job = await waitFor(
        () => engine.engine.list().find((row) => row.fileName === 'watched.svs' && row.state === 'done'),
        'watched.svs uploaded',
      );
      expect(job.deidentified).toMatch(/^label and macro removed/);
      await expectDeidentified(await stored(job.imageUniqueId!), bytes);
    } finally {
      await watch.service.close();
    }
  });

  it('a de-identified upload is not a duplicate of the same file uploaded as it is', async () => {
    const { file, bytes } = await writeSvs('both.svs');
    const engine = await open({ uploadMode: 'post' });
    const plain = await uploadOne(engine, file, false);
    const deid = await uploadOne(engine, file, true);
    expect([plain.state, deid.state]).toEqual(['done', 'done']);
    expect(deid.id).not.toBe(plain.id);
    await expectDeidentified(await stored(deid.imageUniqueId!), bytes);
  });
});
