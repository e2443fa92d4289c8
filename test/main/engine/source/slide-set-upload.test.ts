import { createHash } from 'node:crypto';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { membersOf } from '../../../../src-main/slides/members.js';
import type { SlideMember } from '../../../../src-main/slides/types.js';
import type { TestEngine } from '../../../helpers/engine.js';
import { writeRandomFile } from '../../../helpers/files.js';
import { useEngineHarness } from '../../../helpers/engine-harness.js';
import { waitFor } from '../../../helpers/wait.js';
import { unpack, unzipTest } from '../../../helpers/unzip.js';

const MiB = 1024 * 1024;
const METADATA = { userid: 19, patient_id: 12 };
/** A MIRAX-shaped set of random files (the engine does not read slide structure; QC has its own tests). */
async function writeSet(dir: string, name: string, dataBytes: number[]): Promise<SlideMember[]> {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  const main = (await writeRandomFile(dir, `${name}.mrxs`, 300)).file;
  const files = [main, (await writeRandomFile(folder, 'Slidedat.ini', 2_000)).file];
  for (const [index, size] of dataBytes.entries())
    files.push((await writeRandomFile(folder, `Data${String(index).padStart(4, '0')}.dat`, size)).file);
  return membersOf(main, files);
}

describe('a multi-file slide uploads as one ZIP of its members', { timeout: 120_000 }, () => {
  const harness = useEngineHarness();
  const { open, stored } = harness;
  const addSet = (engine: TestEngine, members: SlideMember[]) =>
    engine.engine.add([
      { path: members[0]!.path, metadata: METADATA, slideSet: { format: 'mirax', members } },
    ]);
  const expectMembersStored = async (zip: Buffer, members: SlideMember[]) => {
    const entries = await unpack(zip);
    expect([...entries.keys()]).toEqual(members.map((member) => member.entryName));
    for (const member of members)
      expect(entries.get(member.entryName)!.equals(await readFile(member.path))).toBe(true);
    const tested = await unzipTest(zip, harness.dir);
    if (tested !== undefined) expect(tested).toMatch(/No errors detected/);
  };

  it.each(['post', 'multipart'] as const)(
    '%s: one job, one image named <slide>.mrxs.zip, members byte-identical',
    async (mode) => {
      const members = await writeSet(harness.dir, `slide-${mode}`, [3 * MiB, 5 * MiB + 7, 1]);
      const engine = await open({ uploadMode: mode });
      const [added] = await addSet(engine, members);
      expect(added).toMatchObject({
        outcome: 'added',
        job: { fileName: `slide-${mode}.mrxs.zip`, memberCount: 5 },
      });
      engine.engine.start();
      const [job] = await engine.engine.whenSettled([added && 'job' in added ? added.job.id : -1]);
      expect(job).toMatchObject({ state: 'done', mode });
      const zip = await stored(job!.imageUniqueId!);
      expect(zip.length).toBe(job!.size);
      expect(job!.sha256).toBe(createHash('sha256').update(zip).digest('hex'));
      await expectMembersStored(zip, members);
      const images = (await engine.api.listImagesOfUser(19)).filter(
        (image) => image.filename === `slide-${mode}.mrxs.zip`,
      );
      expect(images).toHaveLength(1);
    },
  );

  it('stopped after two parts, a new engine resumes: the re-read ZIP matches the parts stored, not sent again', async () => {
    const members = await writeSet(harness.dir, 'resumed', [6 * MiB, 6 * MiB, 4 * MiB]);
    // Paced (2 MiB/s): stopped after two parts with seconds to spare — unpaced, a busy machine saw the last
    // parts finish before the stop, and nothing was left to resume.
    const first = await open({ uploadMode: 'multipart', partConcurrency: 1, limitRate: 2 * MiB });
    const [added] = await addSet(first, members);
    const id = added && 'job' in added ? added.job.id : -1;
    first.engine.start();
    await waitFor(
      () =>
        (first.engine.list().find((job) => job.id === id)?.bytesDone ?? 0) >= 10 * MiB ? true : undefined,
      'two parts stored',
    );
    await harness.close(first);
    const second = await open({ uploadMode: 'multipart' });
    // The queue remembers the stored parts before anything runs: they are re-read and checked, not sent again.
    expect(second.engine.list().find((job) => job.id === id)?.bytesDone).toBeGreaterThanOrEqual(10 * MiB);
    second.engine.start();
    const [job] = await second.engine.whenSettled([id]);
    expect(job).toMatchObject({ state: 'done', mode: 'multipart' });
    const zip = await stored(job!.imageUniqueId!);
    await expectMembersStored(zip, members);
    const logs = (await second.api.listLogs()).filter((log) =>
      /Upload resumed at [1-9]\d*%/.test(log.message),
    );
    expect(logs.length).toBeGreaterThan(0);
  });

  it('a member rewritten after it was queued starts the upload over with the new bytes', async () => {
    const members = await writeSet(harness.dir, 'rewritten', [2 * MiB]);
    const engine = await open({ uploadMode: 'post' });
    const [added] = await addSet(engine, members);
    const data = members.find((member) => member.entryName.endsWith('Data0000.dat'))!;
    const fresh = Buffer.alloc(data.size, 7);
    await writeFile(data.path, fresh);
    await utimes(data.path, new Date(), new Date(Date.now() + 5_000));
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([added && 'job' in added ? added.job.id : -1]);
    expect(job).toMatchObject({ state: 'done' });
    const entries = await unpack(await stored(job!.imageUniqueId!));
    expect(entries.get(data.entryName)!.equals(fresh)).toBe(true);
  });

  it('a member gone before upload fails the job naming that member, nothing half-stored', async () => {
    const members = await writeSet(harness.dir, 'lost', [MiB]);
    const engine = await open({ uploadMode: 'post' });
    const [added] = await addSet(engine, members);
    const data = members.find((member) => member.entryName.endsWith('Data0000.dat'))!;
    await writeFile(data.path, ''); // emptied, then removed below: a copy that vanished
    const { rm } = await import('node:fs/promises');
    await rm(data.path);
    engine.engine.start();
    const [job] = await engine.engine.whenSettled([added && 'job' in added ? added.job.id : -1]);
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'source-missing', retryable: false } });
    expect(job!.error!.message).toMatch(/lost\/Data0000\.dat, part of the slide lost\.mrxs, is gone/);
  });
});
