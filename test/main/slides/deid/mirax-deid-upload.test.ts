import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AddResult } from '../../../../src-main/engine/engine.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import type { SlideMember } from '../../../../src-main/slides/types.js';
import { openslideInstalled, openslideView } from '../../../helpers/deid.js';
import type { TestEngine } from '../../../helpers/engine.js';
import { buildRealMirax, MIRAX_IDENTIFYING, MIRAX_XML_INFO } from '../../../helpers/mirax-real.js';
import { useEngineHarness } from '../../../helpers/engine-harness.js';
import { unpack, unzipTest } from '../../../helpers/unzip.js';
import { waitFor } from '../../../helpers/wait.js';

const MiB = 1024 * 1024;
const METADATA = { userid: 19, patient_id: 12 };
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const jobId = (result: AddResult | undefined) => (result && 'job' in result ? result.job.id : -1);
const hasOpenslide = await openslideInstalled;

describe.skipIf(!hasOpenslide)(
  'uploading a MIRAX slide with de-identification (skipped without Debian openslide-tools)',
  { timeout: 120_000 },
  () => {
    const harness = useEngineHarness({ uploadMode: 'post' });
    const { open, stored } = harness;
    const add = (
      engine: TestEngine,
      main: string,
      members: SlideMember[],
      deidentify: boolean,
      force = false,
    ) =>
      engine.engine.add([
        { path: main, metadata: METADATA, slideSet: { format: 'mirax', members }, deidentify, force },
      ]);
    const uploadOne = async (
      engine: TestEngine,
      main: string,
      members: SlideMember[],
      deidentify: boolean,
      force = false,
    ) => {
      const [added] = await add(engine, main, members, deidentify, force);
      engine.engine.start();
      const [job] = await engine.engine.whenSettled([jobId(added)]);
      return job!;
    };
    /** The stored ZIP's entries, written out under `dir` (the layout OpenSlide opens). */
    const unpackTo = async (zip: Buffer, dir: string) => {
      const entries = await unpack(zip);
      for (const [entry, bytes] of entries) {
        await mkdir(path.dirname(path.join(dir, entry)), { recursive: true });
        await writeFile(path.join(dir, entry), bytes);
      }
      return entries;
    };

    it('the stored .mrxs.zip has every file, no label or macro and no identifying value, and opens; off sends the files as they are', async () => {
      const slide = await buildRealMirax(harness.dir, 'CASE-9');
      const inspection = await inspectSlide(slide.main);
      if (inspection.kind !== 'slide' || !inspection.members)
        throw new Error('the test slide is not a slide');
      const members = inspection.members;
      const hashes = await Promise.all(members.map(async (member) => sha(await readFile(member.path))));
      expect((await openslideView(slide.main)).associated).toEqual(['label', 'macro', 'thumbnail']);

      const engine = await open();
      const job = await uploadOne(engine, slide.main, members, true);
      expect(job).toMatchObject({
        state: 'done',
        fileName: 'CASE-9.mrxs.zip',
        memberCount: members.length,
        deidentified: 'label, macro and slide preview removed, 4 identifying fields blanked',
      });
      const zip = await stored(job.imageUniqueId!);
      expect(zip.length).toBe(job.size);
      expect(job.sha256).toBe(sha(zip));
      const tested = await unzipTest(zip, harness.dir);
      if (tested !== undefined) expect(tested).toMatch(/No errors detected/);
      const entries = await unpackTo(zip, path.join(harness.dir, 'deid'));
      expect([...entries.keys()]).toEqual(members.map((member) => member.entryName));
      for (const value of Object.values(MIRAX_IDENTIFYING)) expect(zip.includes(value)).toBe(false);
      // The XML record's text (scan settings naming operator and case) is gone too; the plain upload has it.
      for (const value of Object.values(MIRAX_XML_INFO)) expect(zip.includes(value)).toBe(false);
      const view = await openslideView(path.join(harness.dir, 'deid', 'CASE-9.mrxs'));
      expect(view.associated).toEqual(['thumbnail']);
      expect(view.properties).toMatch(/openslide.vendor: 'mirax'/);
      expect(view.properties).toMatch(/openslide.level\[0\].width: '512'/);
      expect(view.properties).toMatch(/mirax.GENERAL.SLIDE_NAME: ''/);
      for (const value of Object.values(MIRAX_IDENTIFYING)) expect(view.properties).not.toContain(value);
      // The pyramid's data file and the index travel unchanged.
      for (const entry of ['CASE-9/Data0000.dat', 'CASE-9/Index.dat'])
        expect(entries.get(entry)!.equals(await readFile(path.join(harness.dir, entry)))).toBe(true);
      expect(
        (await engine.api.listLogs(job.imageUniqueId!)).some((log) =>
          log.message.startsWith('De-identified on upload: label, macro and slide preview removed'),
        ),
      ).toBe(true);
      // The source files are never touched.
      for (const [index, member] of members.entries())
        expect(sha(await readFile(member.path))).toBe(hashes[index]);

      const plain = await uploadOne(engine, slide.main, members, false);
      expect(plain).toMatchObject({ state: 'done', memberCount: members.length });
      expect(plain.deidentified ?? null).toBeNull();
      const plainEntries = await unpack(await stored(plain.imageUniqueId!));
      expect([...plainEntries.keys()]).toEqual(members.map((member) => member.entryName));
      for (const member of members)
        expect(plainEntries.get(member.entryName)!.equals(await readFile(member.path))).toBe(true);
    });

    it('stopped mid multipart upload, a new engine resumes and stores the same bytes as an uninterrupted upload', async () => {
      const slide = await buildRealMirax(harness.dir, 'CASE-10', { paddingBytes: 14 * MiB });
      const inspection = await inspectSlide(slide.main);
      if (inspection.kind !== 'slide' || !inspection.members)
        throw new Error('the test slide is not a slide');
      const members = inspection.members;
      // Paced (2 MiB/s): stopped after two parts with seconds to spare — unpaced, a busy machine saw the last
      // parts finish before the stop, and nothing was left to resume.
      const first = await open({ uploadMode: 'multipart', partConcurrency: 1, limitRate: 2 * MiB });
      const [added] = await add(first, slide.main, members, true);
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
      expect(job).toMatchObject({ state: 'done', mode: 'multipart', memberCount: members.length });
      const resumed = await stored(job!.imageUniqueId!);
      expect(job!.sha256).toBe(sha(resumed));
      expect(
        (await second.api.listLogs(job!.imageUniqueId!)).some((log) =>
          /Upload resumed at [1-9]\d*%/.test(log.message),
        ),
      ).toBe(true);
      await unpackTo(resumed, path.join(harness.dir, 'resumed'));
      expect((await openslideView(path.join(harness.dir, 'resumed', 'CASE-10.mrxs'))).associated).toEqual([
        'thumbnail',
      ]);
      const again = await uploadOne(second, slide.main, members, true, true);
      expect(again.state).toBe('done');
      expect((await stored(again.imageUniqueId!)).equals(resumed)).toBe(true);
    });
  },
);
