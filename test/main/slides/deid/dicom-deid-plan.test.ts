import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchOverlay } from '../../../../src-main/engine/source/patched-reader.js';
import { slideZipLength } from '../../../../src-main/engine/source/slide-zip.js';
import { ByteReader } from '../../../../src-main/slides/byte-reader.js';
import { readDicomInstance } from '../../../../src-main/slides/dicom/dicom-instance.js';
import { describePlan, planDeidentification, type DeidPlan } from '../../../../src-main/slides/deid/index.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import type { SlideMember } from '../../../../src-main/slides/types.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { dicomBytes } from '../generators/dicom-writer.js';
import { DICOM_IDENTIFYING, wsiInstance, writeIdentifiableSeries } from '../sets/wsi-dicom.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('pathomiq-dicom-deid-');
});
afterAll(() => temp.cleanup());

async function membersOfSeries(main: string): Promise<SlideMember[]> {
  const inspection = await inspectSlide(main);
  if (inspection.kind !== 'slide' || !inspection.members) throw new Error('not a DICOM series');
  return inspection.members;
}
async function planOf(main: string, members: SlideMember[]): Promise<DeidPlan> {
  const outcome = await planDeidentification(main, members, slideZipLength);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.plan;
}
async function memberOf(file: string): Promise<SlideMember> {
  const info = await stat(file);
  return { path: file, entryName: path.basename(file), size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
}

describe('de-identification plan of a DICOM series', () => {
  it('leaves out label and overview, blanks every identifying value; the patched series still passes QC', async () => {
    const { level0 } = await writeIdentifiableSeries(path.join(temp.dir, 'case'));
    const members = await membersOfSeries(level0);
    expect(members).toHaveLength(5);
    const plan = await planOf(level0, members);

    expect(plan.members!.map((member) => member.entryName).sort()).toEqual([
      'level-0.dcm',
      'level-1.dcm',
      'thumb.dcm',
    ]);
    expect(plan.size).toBe(await slideZipLength(plan.members!));
    expect(plan.patches).toEqual([]);
    expect(describePlan(plan)).toMatch(/^label and overview removed, 15 identifying fields blanked$/);
    expect(plan.blanked).toEqual(
      expect.arrayContaining([
        'PatientName',
        'PatientID',
        'AccessionNumber',
        'SpecimenIdentifier',
        'PersonName',
      ]),
    );

    const out = path.join(temp.dir, 'case-patched');
    await mkdir(out);
    for (const member of plan.members!) {
      const bytes = await readFile(member.path);
      const patched = Buffer.from(bytes);
      new PatchOverlay(member).apply(patched, 0);
      expect(patched.length).toBe(bytes.length);
      for (const value of Object.values(DICOM_IDENTIFYING)) {
        expect(bytes.includes(value)).toBe(true);
        expect(patched.includes(value)).toBe(false);
      }
      await writeFile(path.join(out, member.entryName), patched);
    }
    // The app's own reader and series QC accept the patched instances; Type 1 attributes keep dummy values.
    const qc = await inspectSlide(path.join(out, 'level-0.dcm'));
    expect(qc).toMatchObject({
      kind: 'slide',
      format: 'dicom',
      metadata: { width: 2048, height: 1024, levels: 2, properties: { 'dicom.instances': '3' } },
    });
    if (qc.kind === 'slide') expect(qc.metadata.properties?.['dicom.label']).toBeUndefined();
    const reader = await ByteReader.open(path.join(out, 'level-0.dcm'));
    try {
      const { instance, problem } = await readDicomInstance(reader, { checkPixelData: true });
      expect(problem).toBeUndefined();
      expect(instance.containerIdentifier).toBe('ANON');
      expect(instance.imageType[2]).toBe('VOLUME');
    } finally {
      await reader.close();
    }
    const patchedLevel0 = await readFile(path.join(out, 'level-0.dcm'));
    expect(patchedLevel0.includes('19000101')).toBe(true); // ContentDate's dummy
  });

  it('refuses an instance whose attributes it cannot walk (implicit VR), and one of unknown role', async () => {
    const folder = path.join(temp.dir, 'refused');
    await mkdir(folder);
    const level = path.join(folder, 'level-0.dcm');
    await writeFile(level, wsiInstance({ series: '1.2.3.9', sop: '1.2.3.9.1', identifying: true }));
    const implicit = path.join(folder, 'implicit.dcm');
    await writeFile(
      implicit,
      dicomBytes({
        seriesInstanceUid: '1.2.3.9',
        sopInstanceUid: '1.2.3.9.2',
        implicitVr: true,
        pixelData: 'native',
      }),
    );
    const other = path.join(folder, 'other.dcm');
    await writeFile(other, wsiInstance({ series: '1.2.3.9', sop: '1.2.3.9.3', role: 'LOCALIZER' }));

    const withImplicit = await planDeidentification(
      level,
      [await memberOf(level), await memberOf(implicit)],
      slideZipLength,
    );
    expect(withImplicit).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /implicit\.dcm: its attributes are stored implicit VR little endian.*Upload it with de-identification off only if/,
      ),
    });
    const withOther = await planDeidentification(
      level,
      [await memberOf(level), await memberOf(other)],
      slideZipLength,
    );
    expect(withOther).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /other\.dcm is neither a level of the slide nor its thumbnail, label or overview/,
      ),
    });
  });

  it('VSI sets stay refused; a MIRAX set without its folder is refused saying why', async () => {
    const vsi = path.join(temp.dir, 'slide.vsi');
    await writeFile(vsi, Buffer.alloc(300, 1));
    expect(await planDeidentification(vsi, [await memberOf(vsi)], slideZipLength)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/removing labels from VSI slides is not supported yet/),
    });
    const main = path.join(temp.dir, 'slide.mrxs');
    await writeFile(main, Buffer.alloc(300, 1));
    const outcome = await planDeidentification(main, [await memberOf(main)], slideZipLength);
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^The MIRAX slide slide\.mrxs was not uploaded: de-identification is on, and the layout of this MIRAX slide could not be read \(its folder has no Slidedat\.ini\)/,
      ),
    });
  });
});
