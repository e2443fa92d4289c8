import { createHash } from 'node:crypto';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AddResult } from '../../../../src-main/engine/engine.js';
import { setVersion } from '../../../../src-main/engine/source/upload-source.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import type { SlideMember } from '../../../../src-main/slides/types.js';
import type { TestEngine } from '../../../helpers/engine.js';
import { useEngineHarness } from '../../../helpers/engine-harness.js';
import { unpack, unzipTest } from '../../../helpers/unzip.js';
import { waitFor } from '../../../helpers/wait.js';
import { DICOM_IDENTIFYING, writeIdentifiableSeries } from '../../slides/sets/wsi-dicom.js';

const MiB = 1024 * 1024;
const METADATA = { userid: 19, patient_id: 12 };
const KEPT = ['level-0.dcm', 'level-1.dcm', 'thumb.dcm'];
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const jobId = (result: AddResult | undefined) => (result && 'job' in result ? result.job.id : -1);

describe('uploading a DICOM series with de-identification', { timeout: 180_000 }, () => {
  const harness = useEngineHarness();
  const { open, stored } = harness;
  /** The series as slide QC gives it to the queue (queue-add does the same). */
  const seriesOf = async (name: string, native = false) => {
    const { level0, files } = await writeIdentifiableSeries(path.join(harness.dir, name), {
      ...(native ? { native: true, level0Columns: 4096 } : {}),
    });
    const inspection = await inspectSlide(level0);
    if (inspection.kind !== 'slide' || !inspection.members) throw new Error('the test series is not a slide');
    const hashes = await Promise.all(files.map(async (file) => sha(await readFile(file))));
    return { level0, files, members: inspection.members, hashes };
  };
  const add = (
    engine: TestEngine,
    main: string,
    members: SlideMember[],
    deidentify: boolean,
    force = false,
  ) =>
    engine.engine.add([
      { path: main, metadata: METADATA, slideSet: { format: 'dicom', members }, deidentify, force },
    ]);
  const uploadOne = async (
    engine: TestEngine,
    ...args: Parameters<typeof add> extends [unknown, ...infer R] ? R : never
  ) => {
    const [added] = await add(engine, ...args);
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([jobId(added)]);
    return job!;
  };
  /** The stored ZIP: CRCs and sizes good, only kept members, no identifying value, and it passes slide QC. */
  const expectDeidentifiedZip = async (zip: Buffer, name: string) => {
    const entries = await unpack(zip);
    expect([...entries.keys()].sort()).toEqual(KEPT);
    for (const value of Object.values(DICOM_IDENTIFYING)) expect(zip.includes(value)).toBe(false);
    const tested = await unzipTest(zip, harness.dir);
    if (tested !== undefined) expect(tested).toMatch(/No errors detected/);
    const out = path.join(harness.dir, `${name}-unpacked`);
    await mkdir(out);
    for (const [entry, bytes] of entries) await writeFile(path.join(out, entry), bytes);
    const qc = await inspectSlide(path.join(out, 'level-0.dcm'));
    expect(qc).toMatchObject({
      kind: 'slide',
      format: 'dicom',
      metadata: { properties: { 'dicom.instances': '3' } },
    });
  };

  it.each(['post', 'multipart'] as const)(
    '%s: no label or overview member, no identifying value; the files are unchanged; off sends them as they are',
    async (mode) => {
      const series = await seriesOf(`series-${mode}`, mode === 'multipart');
      const engine = await open({ uploadMode: mode });
      const job = await uploadOne(engine, series.level0, series.members, true);
      expect(job).toMatchObject({
        state: 'done',
        mode,
        fileName: `series-${mode}.dcm.zip`,
        memberCount: 3,
        deidentified: 'label and overview removed, 15 identifying fields blanked',
      });
      const zip = await stored(job.imageUniqueId!);
      expect(zip.length).toBe(job.size);
      expect(job.sha256).toBe(sha(zip));
      await expectDeidentifiedZip(zip, `deid-${mode}`);
      if (mode === 'multipart') expect(zip.length).toBeGreaterThan(10 * MiB);
      expect(
        (await engine.api.listLogs(job.imageUniqueId!)).some((log) =>
          log.message.startsWith(
            'De-identified on upload: label and overview removed, 15 identifying fields',
          ),
        ),
      ).toBe(true);
      for (const [index, file] of series.files.entries())
        expect(sha(await readFile(file))).toBe(series.hashes[index]);
      // Added again: found uploaded by the members it sent, not uploaded twice.
      const [again] = await add(engine, series.level0, series.members, true);
      expect(again).toMatchObject({ outcome: 'already-uploaded', job: { id: job.id } });

      const plain = await uploadOne(engine, series.level0, series.members, false);
      expect(plain).toMatchObject({ state: 'done', memberCount: 5 });
      const plainZip = await stored(plain.imageUniqueId!);
      expect(plainZip.includes(DICOM_IDENTIFYING.patientName)).toBe(true);
      const entries = await unpack(plainZip);
      expect([...entries.keys()]).toEqual(series.members.map((member) => member.entryName));
      for (const member of series.members)
        expect(entries.get(member.entryName)!.equals(await readFile(member.path))).toBe(true);
    },
  );

  it('a member rewritten after QC passed is checked and planned again: still no label, no identifying value', async () => {
    const series = await seriesOf('rewritten');
    const engine = await open({ uploadMode: 'post' });
    // As queue-add passes it: the versions QC read.
    const checked = await setVersion(series.members);
    const [added] = await engine.engine.add([
      {
        path: series.level0,
        metadata: METADATA,
        slideSet: { format: 'dicom', members: series.members },
        checked,
        deidentify: true,
      },
    ]);
    expect(added).toMatchObject({ outcome: 'added', job: { memberCount: 3 } });
    const level1 = series.files[1]!;
    await writeFile(level1, await readFile(level1));
    await utimes(level1, new Date(), new Date(Date.now() + 5_000));
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([jobId(added)]);
    expect(job).toMatchObject({ state: 'done', memberCount: 3 });
    const zip = await stored(job!.imageUniqueId!);
    expect(zip.length).toBe(job!.size);
    await expectDeidentifiedZip(zip, 'rewritten');
  });

  it('stopped mid multipart upload, a new engine resumes and stores the same bytes as an uninterrupted upload', async () => {
    const series = await seriesOf('resumed', true);
    // Paced (2 MiB/s): stopped after two parts with seconds to spare — unpaced, a busy machine saw the last
    // parts finish before the stop, and nothing was left to resume.
    const first = await open({ uploadMode: 'multipart', partConcurrency: 1, limitRate: 2 * MiB });
    const [added] = await add(first, series.level0, series.members, true);
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
    expect(job).toMatchObject({ state: 'done', mode: 'multipart', memberCount: 3 });
    const resumed = await stored(job!.imageUniqueId!);
    expect(job!.sha256).toBe(sha(resumed));
    await expectDeidentifiedZip(resumed, 'resumed');
    expect(
      (await second.api.listLogs(job!.imageUniqueId!)).some((log) =>
        /Upload resumed at [1-9]\d*%/.test(log.message),
      ),
    ).toBe(true);

    const again = await uploadOne(second, series.level0, series.members, true, true);
    expect(again.state).toBe('done');
    expect((await stored(again.imageUniqueId!)).equals(resumed)).toBe(true);
  });
});
