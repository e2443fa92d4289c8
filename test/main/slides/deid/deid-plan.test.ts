import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchOverlay } from '../../../../src-main/engine/source/patched-reader.js';
import { ByteReader } from '../../../../src-main/slides/byte-reader.js';
import { planDeidentification, type DeidPlan } from '../../../../src-main/slides/deid/index.js';
import { readIfdFields } from '../../../../src-main/slides/tiff/ifd-fields.js';
import { readTiffHeader, walkTiff } from '../../../../src-main/slides/tiff/ifd-walker.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import { openslideView } from '../../../helpers/deid.js';
import { fixturePath, hasSharedFixtures } from '../../../helpers/shared-fixtures.js';
import { IDENTIFYING, identifiableSvsBytes, TILE_JPEG } from '../../../helpers/slides.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { tiffBytes } from '../../../helpers/tiff-writer.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('pathomiq-deid-');
});
afterAll(() => temp.cleanup());

const write = async (name: string, bytes: Buffer) => {
  const file = path.join(temp.dir, name);
  await writeFile(file, bytes);
  return file;
};
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The bytes a de-identified upload sends: the file with the plan laid over it. */
const patched = (bytes: Buffer, plan: DeidPlan) => {
  const copy = Buffer.from(bytes);
  new PatchOverlay(plan).apply(copy, 0);
  return copy;
};
async function planOf(file: string): Promise<DeidPlan> {
  const outcome = await planDeidentification(file);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.plan;
}
/** The directories a TIFF reader walking the chain finds, with their descriptions. */
async function chainOf(file: string) {
  const reader = await ByteReader.open(file);
  try {
    const header = await readTiffHeader(reader);
    if (!header.ok) throw new Error('no header');
    const structure = await walkTiff(reader, header.header, { ndpiHint: false });
    const fields = [];
    for (const ifd of structure.ifds) fields.push(await readIfdFields(reader, header.header, ifd));
    return { structure, descriptions: fields.map((field) => field.description ?? '') };
  } finally {
    await reader.close();
  }
}
const identifyingValues = Object.values(IDENTIFYING);

describe('the de-identification plan of an SVS slide', () => {
  it.each([false, true])(
    'bigTiff %s: same length, label and macro unlinked and wiped, fields blanked, opens in OpenSlide',
    async (bigTiff) => {
      const bytes = identifiableSvsBytes({ bigTiff });
      const file = await write(`svs-${bigTiff}.svs`, bytes);
      const plan = await planOf(file);
      expect(plan.removed).toEqual(['label image', 'macro image']);
      expect(plan.blanked).toEqual(
        expect.arrayContaining([
          'Filename',
          'Date',
          'Time',
          'User',
          'ScanScope ID',
          'DateTime',
          'Artist',
          'HostComputer',
        ]),
      );
      const out = patched(bytes, plan);
      expect(out.length).toBe(bytes.length);
      for (const value of identifyingValues) {
        expect(bytes.includes(value)).toBe(true);
        expect(out.includes(value)).toBe(false);
      }
      // The source itself is never touched.
      expect(sha(await readFile(file))).toBe(sha(bytes));

      const outFile = await write(`svs-${bigTiff}-deid.svs`, out);
      const chain = await chainOf(outFile);
      expect(chain.structure.damage).toEqual([]);
      expect(chain.structure.pastEnd).toEqual([]);
      expect(chain.descriptions).toHaveLength(3);
      expect(chain.descriptions.some((text) => /\n(label|macro)\b/.test(text))).toBe(false);
      expect(await inspectSlide(outFile)).toMatchObject({ kind: 'slide', format: 'aperio-svs' });

      const before = await openslideView(file);
      expect(before.associated).toEqual(['label', 'macro', 'thumbnail']);
      const after = await openslideView(outFile);
      expect(after.associated).toEqual(['thumbnail']);
      expect(after.properties).toMatch(/openslide.vendor: 'aperio'/);
      expect(after.properties).toMatch(/aperio.Filename: ''/);
      expect(after.properties).toMatch(/aperio.MPP: '0.4990'/);
      for (const value of identifyingValues) expect(after.properties).not.toContain(value);

      const tile = await sharp(outFile)
        .extract({ left: 0, top: 0, width: 256, height: 256 })
        .raw()
        .toBuffer();
      expect(tile.length).toBe(256 * 256 * 3);
    },
  );

  it('is the same plan every time (a resumed upload sends the same bytes)', async () => {
    const file = await write('again.svs', identifiableSvsBytes());
    expect(await planOf(file)).toEqual(await planOf(file));
  });

  it('refuses a slide holding a picture it cannot classify, saying why', async () => {
    const file = await write('extra.svs', identifiableSvsBytes({ extra: true }));
    const outcome = await planDeidentification(file);
    expect(outcome).toMatchObject({ ok: false });
    expect(!outcome.ok && outcome.reason).toMatch(
      /extra\.svs was not uploaded: de-identification is on, and it holds an untiled image \(number 6, 256×256 pixels\) that is neither a level of the slide nor a recognised label/,
    );
  });

  it('refuses formats whose labels it cannot remove yet, and multi-file slides', async () => {
    const czi = await write('scan.czi', Buffer.concat([Buffer.from('ZISRAWFILE'), Buffer.alloc(200)]));
    expect(await planDeidentification(czi)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only supported for SVS, NDPI and pyramidal TIFF/),
    });
    const svs = await write('member.svs', identifiableSvsBytes());
    const member = { path: svs, entryName: 'member.svs', size: 1, mtimeMs: 1 };
    expect(await planDeidentification(svs, [member])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/removing labels from VSI slides is not supported yet/),
    });
  });
});

describe('the de-identification plan of an NDPI slide', () => {
  it('unlinks and wipes the macro (source lens -1) and blanks the slide label text', async () => {
    const ndpiTags = (lens: number) => [
      { tag: 65420, type: 'long' as const, value: 1 },
      { tag: 65421, type: 'float' as const, value: lens },
      { tag: 65427, type: 'ascii' as const, value: 'S-26-4711 DOE' },
    ];
    const bytes = tiffBytes({
      levels: [
        {
          width: 512,
          height: 512,
          strips: true,
          bytesPerPiece: TILE_JPEG.length,
          pieceContent: TILE_JPEG,
          tags: ndpiTags(20),
        },
        {
          width: 256,
          height: 256,
          strips: true,
          bytesPerPiece: TILE_JPEG.length,
          pieceContent: TILE_JPEG,
          tags: ndpiTags(20),
        },
        {
          width: 256,
          height: 256,
          strips: true,
          bytesPerPiece: TILE_JPEG.length + 32,
          pieceContent: Buffer.concat([TILE_JPEG, Buffer.from('MACRO-DOE')]),
          tags: ndpiTags(-1),
        },
      ],
    }).bytes;
    const file = await write('scan.ndpi', bytes);
    const plan = await planOf(file);
    expect(plan).toMatchObject({ removed: ['macro image'], blanked: ['NDPI slide label'] });
    const out = patched(bytes, plan);
    expect(out.includes('MACRO-DOE')).toBe(false);
    expect(out.includes('S-26-4711')).toBe(false);
    const chain = await chainOf(await write('scan-deid.ndpi', out));
    expect(chain.structure.ifds).toHaveLength(2);
    expect(chain.structure.damage).toEqual([]);
  });
});

describe.runIf(hasSharedFixtures)('the shared small.svs', () => {
  it('keeps opening in OpenSlide with Filename, Date, Time, User, ScanScope ID and ImageID blanked', async () => {
    const source = fixturePath('slides', 'small.svs');
    const bytes = await readFile(source);
    const plan = await planOf(source);
    expect(plan.removed).toEqual([]);
    const outFile = await write('small-deid.svs', patched(bytes, plan));
    const after = await openslideView(outFile);
    expect(after.properties).toMatch(/openslide.vendor: 'aperio'/);
    for (const value of [
      'CMU-1',
      '12/29/09',
      '09:59:15',
      'b414003d-95c6-48b0-9369-8010ed517ba7',
      'CPAPERIOCS',
      '1004486',
    ])
      expect(after.properties).not.toContain(value);
    expect(after.properties).toMatch(/aperio.AppMag: '20'/);
  });
});
