import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchOverlay } from '../../../../src-main/engine/source/patched-reader.js';
import { slideZipLength } from '../../../../src-main/engine/source/slide-zip.js';
import { describePlan, planDeidentification, type DeidPlan } from '../../../../src-main/slides/deid/index.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import type { SlideMember } from '../../../../src-main/slides/types.js';
import { openslideInstalled, openslideRegion, openslideView } from '../../../helpers/deid.js';
import {
  buildRealMirax,
  MIRAX_COLOURS,
  MIRAX_IDENTIFYING,
  MIRAX_XML_INFO,
  type RealMiraxOptions,
} from '../../../helpers/mirax-real.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

const hasOpenslide = await openslideInstalled;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('pathomiq-mirax-deid-');
});
afterAll(() => temp.cleanup());

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const identifying = Object.values(MIRAX_IDENTIFYING);

/** A real MIRAX set and its members as slide QC gives them to the queue. */
async function slide(name: string, options: RealMiraxOptions = {}) {
  const built = await buildRealMirax(temp.dir, name, options);
  const inspection = await inspectSlide(built.main);
  if (inspection.kind !== 'slide' || !inspection.members)
    throw new Error(`not a slide: ${JSON.stringify(inspection)}`);
  return { ...built, members: inspection.members };
}
const outcomeOf = (main: string, members: SlideMember[]) =>
  planDeidentification(main, members, slideZipLength);
async function planOf(main: string, members: SlideMember[]): Promise<DeidPlan> {
  const outcome = await outcomeOf(main, members);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.plan;
}
/** The set as a de-identified upload sends it, written out under `dir` by entry name. */
async function writeSent(plan: DeidPlan, dir: string): Promise<string> {
  for (const member of plan.members ?? []) {
    const bytes = await readFile(member.path);
    new PatchOverlay(member).apply(bytes, 0);
    const out = path.join(dir, member.entryName);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, bytes);
  }
  return path.join(dir, plan.members![0]!.entryName);
}
/** Rewrites bytes of a member file in place. */
async function poke(file: string, change: (bytes: Buffer) => void): Promise<void> {
  const bytes = await readFile(file);
  change(bytes);
  await writeFile(file, bytes);
}
const int32s = (...values: number[]) => {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeInt32LE(value, index * 4));
  return bytes;
};

describe('the de-identification plan of a MIRAX slide', () => {
  it('sends every file; wipes label and macro, renames their values, blanks [GENERAL] values and the XML record, wipes the .mrxs picture', async () => {
    const set = await slide('CASE-1');
    const before = await Promise.all(set.members.map(async (member) => sha(await readFile(member.path))));
    const plan = await planOf(set.main, set.members);
    expect(plan.removed).toEqual(['label image', 'macro image', 'slide preview image']);
    expect(plan.blanked).toEqual([
      'ScanDataLayer_XMLInfoHeader',
      'SLIDE_NAME',
      'PROJECT_NAME',
      'SLIDE_CREATIONDATETIME',
    ]);
    expect(describePlan(plan)).toBe('label, macro and slide preview removed, 4 identifying fields blanked');
    expect(plan.size).toBe(await slideZipLength(set.members));
    expect(plan.members!.map((member) => member.entryName)).toEqual(
      set.members.map((member) => member.entryName),
    );
    const patchesOf = (entry: string) => plan.members!.find((member) => member.entryName === entry)!.patches;
    // The pyramid and the index are sent as they are; in the data file only the label and macro are wiped.
    expect(patchesOf('CASE-1/Index.dat')).toEqual([]);
    expect(patchesOf('CASE-1/Data0000.dat')).toEqual([]);
    const { label, macro } = set.pictures;
    expect(patchesOf('CASE-1/Data0001.dat')).toEqual([
      { offset: macro.offset, length: macro.length },
      { offset: label.offset, length: label.length },
      { offset: set.xmlInfo.offset, length: set.xmlInfo.length },
    ]);

    const sentMain = await writeSent(plan, path.join(temp.dir, 'sent-1'));
    const sentIni = await readFile(path.join(temp.dir, 'sent-1/CASE-1/Slidedat.ini'));
    const sourceIni = await readFile(path.join(set.folder, 'Slidedat.ini'));
    expect(sentIni.length).toBe(sourceIni.length);
    for (const value of identifying) {
      expect(sourceIni.includes(value)).toBe(true);
      expect(sentIni.includes(value)).toBe(false);
    }
    expect(sentIni.toString('latin1')).toMatch(/NONHIER_0_VAL_1 = ScanDataLayer_WipedBarcode\r\n/);
    expect(sentIni.toString('latin1')).toMatch(/NONHIER_0_VAL_2 = ScanDataLayer_SlidePreview\r\n/);
    expect((await readFile(sentMain)).every((byte) => byte === 0)).toBe(true);
    // The XML record's bytes are zeroed in place (same length); its name stays in Slidedat.ini.
    const sourceData = await readFile(path.join(set.folder, 'Data0001.dat'));
    const sentData = await readFile(path.join(temp.dir, 'sent-1/CASE-1/Data0001.dat'));
    expect(sentData.length).toBe(sourceData.length);
    for (const value of Object.values(MIRAX_XML_INFO)) {
      expect(sourceData.includes(value)).toBe(true);
      expect(sentData.includes(value)).toBe(false);
    }
    const { offset, length } = set.xmlInfo;
    expect(sentData.subarray(offset, offset + length).every((byte) => byte === 0)).toBe(true);
    expect(sentIni.toString('latin1')).toMatch(/NONHIER_0_VAL_3 = ScanDataLayer_XMLInfoHeader\r\n/);
    // The source files are never touched.
    expect(await Promise.all(set.members.map(async (member) => sha(await readFile(member.path))))).toEqual(
      before,
    );
    // Our own QC still passes the sent set.
    expect(await inspectSlide(sentMain)).toMatchObject({ kind: 'slide', format: 'mirax' });
  });

  it.skipIf(!hasOpenslide)(
    'OpenSlide lists label, macro and thumbnail before, only the thumbnail after; the slide opens and renders (skipped without Debian openslide-tools)',
    async () => {
      const set = await slide('CASE-2');
      const plan = await planOf(set.main, set.members);
      const sentMain = await writeSent(plan, path.join(temp.dir, 'sent-2'));
      const before = await openslideView(set.main);
      expect(before.associated).toEqual(['label', 'macro', 'thumbnail']);
      expect(before.properties).toContain(MIRAX_IDENTIFYING.slideName);
      const after = await openslideView(sentMain);
      expect(after.associated).toEqual(['thumbnail']);
      expect(after.properties).toMatch(/openslide.vendor: 'mirax'/);
      expect(after.properties).toMatch(/openslide.level-count: '2'/);
      expect(after.properties).toMatch(/mirax.GENERAL.SLIDE_NAME: ''/);
      expect(after.properties).toMatch(/mirax.GENERAL.SLIDE_CREATIONDATETIME: ''/);
      for (const value of identifying) expect(after.properties).not.toContain(value);
      for (const value of Object.values(MIRAX_XML_INFO)) {
        expect(before.properties).not.toContain(value);
        expect((await readFile(path.join(temp.dir, 'sent-2/CASE-2/Data0001.dat'))).includes(value)).toBe(
          false,
        );
      }
      const render = async (file: string, name: string) => {
        const png = path.join(temp.dir, name);
        await openslideRegion(file, png, { x: 0, y: 0, width: 512, height: 512 });
        return sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      };
      const { data, info } = await render(sentMain, 'sent-2-region.png');
      expect(info).toMatchObject({ width: 512, height: 512 });
      // The pyramid is untouched: OpenSlide renders exactly what it rendered from the source.
      expect(data.equals((await render(set.main, 'source-2-region.png')).data)).toBe(true);
      // Each quarter is its level-0 image's colour.
      for (const [image, rgb] of MIRAX_COLOURS.tiles.entries()) {
        const x = (image % 2) * 256 + 128;
        const y = Math.floor(image / 2) * 256 + 128;
        const at = (y * 512 + x) * 3;
        [...data.subarray(at, at + 3)].forEach((value, channel) =>
          expect(Math.abs(value - rgb[channel]!)).toBeLessThanOrEqual(8),
        );
      }
    },
  );

  it('is the same plan every time (a resumed upload sends the same bytes)', async () => {
    const set = await slide('CASE-3');
    expect(await planOf(set.main, set.members)).toEqual(await planOf(set.main, set.members));
  });

  it('a slide whose Scan data layer holds no label or macro sends its pictures as they are', async () => {
    const set = await slide('CASE-4', {
      slidedat: (text) =>
        text
          .replace('ScanDataLayer_SlideThumbnail', 'ScanDataLayer_ScanMap')
          .replace('ScanDataLayer_SlideBarcode', 'ScanDataLayer_Empty'),
    });
    const plan = await planOf(set.main, set.members);
    expect(plan.removed).toEqual(['slide preview image']);
    // Only the XML record is blanked in the data file; the pictures are sent as they are.
    expect(plan.members!.find((member) => member.entryName === 'CASE-4/Data0001.dat')!.patches).toEqual([
      { offset: set.xmlInfo.offset, length: set.xmlInfo.length },
    ]);
  });

  describe('refuses a layout it does not understand, naming the file and why', () => {
    const refusal = async (
      name: string,
      damage: (set: Awaited<ReturnType<typeof slide>>) => Promise<void>,
    ) => {
      const set = await slide(name);
      await damage(set);
      // The versions as they are now (QC would be run again on a changed set).
      const members = (await inspectSlide(set.main)) as { members?: SlideMember[] };
      const outcome = await outcomeOf(set.main, members.members ?? set.members);
      expect(outcome.ok).toBe(false);
      const reason = outcome.ok ? '' : outcome.reason;
      expect(reason).toMatch(
        new RegExp(`^The MIRAX slide ${name}\\.mrxs was not uploaded: de-identification is on, and `),
      );
      expect(reason).toMatch(/Upload it with de-identification off only if it may carry its label\.$/);
      return reason;
    };

    it('no "Scan data layer"', async () => {
      const reason = await refusal('ODD-1', async (set) =>
        poke(path.join(set.folder, 'Slidedat.ini'), (bytes) => {
          const at = bytes.indexOf('Scan data layer');
          bytes.write('Scan info layer', at, 'latin1');
        }),
      );
      expect(reason).toMatch(/its Slidedat\.ini lists no "Scan data layer"/);
    });

    it('a label record pointing into a tile of the pyramid', async () => {
      const reason = await refusal('ODD-2', async (set) => {
        const { label } = set.pictures;
        const tile = set.tiles[0]!;
        await poke(path.join(set.folder, 'Index.dat'), (bytes) => {
          const at = bytes.indexOf(int32s(label.offset, label.length, 1));
          int32s(tile.offset, tile.length, 0).copy(bytes, at);
        });
      });
      expect(reason).toMatch(/its label image in Data0000\.dat shares bytes with other parts of the slide/);
    });

    it('an XML record pointing into a tile of the pyramid', async () => {
      const reason = await refusal('ODD-8', async (set) => {
        const { xmlInfo } = set;
        const tile = set.tiles[1]!;
        await poke(path.join(set.folder, 'Index.dat'), (bytes) => {
          const at = bytes.indexOf(int32s(xmlInfo.offset, xmlInfo.length, 1));
          int32s(tile.offset, tile.length, 0).copy(bytes, at);
        });
      });
      expect(reason).toMatch(
        /its ScanDataLayer_XMLInfoHeader record in Data0000\.dat shares bytes with other parts of the slide, so blanking it could damage the slide/,
      );
    });

    it('an XML record holding two pieces of data', async () => {
      const reason = await refusal('ODD-9', async (set) => {
        const { xmlInfo } = set;
        await poke(path.join(set.folder, 'Index.dat'), (bytes) => {
          const page = bytes.indexOf(int32s(0, 0, xmlInfo.offset, xmlInfo.length, 1)) - 8;
          bytes.writeInt32LE(2, page);
        });
      });
      // The record is Index.dat's last: its second entry would run past the end, so the index check says so.
      expect(reason).toMatch(/its Index\.dat cannot be read as a MIRAX index \(it is cut short\)/);
    });

    it('a label record holding two pictures', async () => {
      const reason = await refusal('ODD-3', async (set) => {
        const { label } = set.pictures;
        await poke(path.join(set.folder, 'Index.dat'), (bytes) => {
          // Entry: 0, 0, offset, length, file, after the page's count and next pointer.
          const page = bytes.indexOf(int32s(0, 0, label.offset, label.length, 1)) - 8;
          // A second entry would follow; the record's own count says two, the next record's head holds the rest.
          bytes.writeInt32LE(2, page);
        });
      });
      expect(reason).toMatch(/Index\.dat/);
    });

    it('a label that is not a picture', async () => {
      const reason = await refusal('ODD-4', async (set) =>
        poke(path.join(set.folder, 'Data0001.dat'), (bytes) =>
          bytes.fill(0x41, set.pictures.label.offset, set.pictures.label.offset + 16),
        ),
      );
      expect(reason).toMatch(
        /what Index\.dat gives as its label image \(Data0001\.dat, byte \d+\) is not a JPEG, PNG or BMP picture/,
      );
    });

    it('a label record running past the end of its data file', async () => {
      const reason = await refusal('ODD-5', async (set) => {
        const { label } = set.pictures;
        await poke(path.join(set.folder, 'Index.dat'), (bytes) => {
          const at = bytes.indexOf(int32s(label.offset, label.length, 1));
          bytes.writeInt32LE(label.length + 1_000_000, at + 4);
        });
      });
      expect(reason).toMatch(
        /Index\.dat cannot be read as a MIRAX index \(a record lies outside data file number 1\)/,
      );
    });

    it('a Slidedat.ini key written twice', async () => {
      const reason = await refusal('ODD-7', async (set) => {
        const file = path.join(set.folder, 'Slidedat.ini');
        const text = (await readFile(file)).toString('latin1');
        await writeFile(
          file,
          Buffer.from(
            text.replace(
              'NONHIER_0_VAL_1 = ScanDataLayer_SlideBarcode',
              'NONHIER_0_VAL_1 = ScanDataLayer_SlideBarcode\r\nNONHIER_0_VAL_1 = ScanDataLayer_Empty',
            ),
            'latin1',
          ),
        );
      });
      expect(reason).toMatch(/its Slidedat\.ini gives \[HIERARCHICAL\] NONHIER_0_VAL_1 twice/);
    });

    it('no Slidedat.ini among the members', async () => {
      const set = await slide('ODD-6');
      const members = set.members.filter((member) => !member.entryName.endsWith('Slidedat.ini'));
      const outcome = await outcomeOf(set.main, members);
      expect(outcome).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/could not be read \(its folder has no Slidedat\.ini\)/),
      });
    });
  });
});
