import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidePreviews } from '../../../../src-main/slides/previews/index.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import { PICTURE_COLOURS, rgbPixels } from '../../../helpers/slides.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { decoded, near } from '../../../helpers/preview-pixels.js';
import { cziBytes, embeddedCziBytes, type CziAttachmentSpec } from '../generators/czi-writer.js';

const flat = (width: number, height: number, rgb: readonly [number, number, number]) =>
  sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });

describe('Zeiss CZI slide previews', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let attachments: CziAttachmentSpec[];
  beforeAll(async () => {
    temp = await makeTempDir();
    const macroJpeg = await flat(120, 40, PICTURE_COLOURS.macro).jpeg().toBuffer();
    attachments = [
      {
        name: 'Thumbnail',
        contentType: 'JPG',
        data: await flat(400, 300, PICTURE_COLOURS.thumbnail).jpeg().toBuffer(),
      },
      {
        name: 'Label',
        contentType: 'CZI',
        data: embeddedCziBytes({ width: 60, height: 50, rgb: rgbPixels(60, 50, PICTURE_COLOURS.label) }),
      },
      {
        name: 'SlidePreview',
        contentType: 'CZI',
        data: embeddedCziBytes({ width: 120, height: 40, jpeg: macroJpeg }),
      },
    ];
  });
  afterAll(() => temp?.cleanup());

  async function write(name: string, bytes: Buffer): Promise<string> {
    const file = path.join(temp.dir, name);
    await writeFile(file, bytes);
    expect(await inspectSlide(file)).toMatchObject({ kind: 'slide', format: 'zeiss-czi' });
    return file;
  }
  const previewsIn = (name: string) => new SlidePreviews({ dir: path.join(temp.dir, name) });

  it('thumbnail from the "Thumbnail" JPEG; label and macro from the small CZI files ZEN embeds (raw BGR, JPEG)', async () => {
    const file = await write('scan.czi', cziBytes({ attachments }).bytes);
    const previews = previewsIn('cache-1');
    const thumbnail = await previews.preview(file, 'thumbnail');
    const label = await previews.preview(file, 'label');
    const macro = await previews.preview(file, 'macro');
    expect(thumbnail).toMatchObject({ available: true, source: 'associated', width: 320, height: 240 });
    expect(label).toMatchObject({ available: true, source: 'associated', width: 60, height: 50 });
    expect(macro).toMatchObject({ available: true, source: 'associated', width: 120, height: 40 });
    expect(near((await decoded(thumbnail)).centre, PICTURE_COLOURS.thumbnail)).toBe(true);
    expect(near((await decoded(label)).centre, PICTURE_COLOURS.label)).toBe(true);
    expect(near((await decoded(macro)).centre, PICTURE_COLOURS.macro)).toBe(true);
  });

  it('a CZI without attachments, or with pictures in formats sharp cannot read, gets reasons', async () => {
    const bare = await write('bare.czi', cziBytes().bytes);
    const previews = previewsIn('cache-2');
    expect(await previews.preview(bare, 'thumbnail')).toEqual({
      available: false,
      kind: 'thumbnail',
      reason:
        'bare.czi has no thumbnail attachment, and its smallest level is split into blocks this app does not join',
    });
    expect(await previews.preview(bare, 'label')).toMatchObject({
      reason: 'bare.czi has no label image (no "Label" attachment)',
    });

    const jxr = embeddedCziBytes({ width: 8, height: 8, jpeg: Buffer.from('not really JPEG XR') });
    jxr.writeInt32LE(4, 32 + 512 + 32 + 16 + 18); // the sub-block's entry: JPEG XR
    jxr.writeInt32LE(4, jxr.length - (32 + 3 * 20) + 18); // the directory's entry
    const odd = await write(
      'odd.czi',
      cziBytes({
        attachments: [
          { name: 'Thumbnail', contentType: 'ZIP-COMP', data: Buffer.from('PK\u0003\u0004 zipped') },
          { name: 'Label', contentType: 'CZI', data: jxr },
        ],
      }).bytes,
    );
    expect(await previews.preview(odd, 'thumbnail')).toMatchObject({
      reason: 'odd.czi\'s thumbnail is stored as "ZIP-COMP" data, which this app cannot decode',
    });
    expect(await previews.preview(odd, 'label')).toMatchObject({
      reason:
        "odd.czi's label image is a small CZI image compressed as JPEG XR, which this app cannot decode",
    });
  });

  describe('a damaged or hostile attachment directory is refused with a reason, never read out of bounds', () => {
    const damages: Array<
      [string, (bytes: Buffer, at: { directory: number; first: number }) => void, RegExp]
    > = [
      [
        'a billion entries',
        (bytes, { directory }) => bytes.writeInt32LE(1_000_000_000, directory + 32),
        /claims 1000000000 entries/,
      ],
      [
        'more entries than the directory holds',
        (bytes, { directory }) => bytes.writeInt32LE(50, directory + 32),
        /lists more entries than it holds/,
      ],
      [
        'an entry pointing past the end of the file',
        (bytes, { directory }) => bytes.writeBigInt64LE(2n ** 40n, directory + 32 + 256 + 12),
        /its attachment block is said to lie outside the file/,
      ],
      [
        'an entry pointing at the file header',
        (bytes, { directory }) => bytes.writeBigInt64LE(0n, directory + 32 + 256 + 12),
        /its attachment block is said to lie outside the file/,
      ],
      [
        'an entry pointing at another kind of block',
        (bytes, { directory }) => bytes.writeBigInt64LE(BigInt(directory), directory + 32 + 256 + 12),
        /its attachment block is not where the file says it is/,
      ],
      [
        'an attachment claiming more data than its block',
        (bytes, { first }) => bytes.writeBigInt64LE(2n ** 50n, first + 32),
        /gives a size that does not fit in it/,
      ],
      [
        'a segment size past the end of the file',
        (bytes, { first }) => bytes.writeBigInt64LE(2n ** 50n, first + 24),
        /runs past the end of the file/,
      ],
      [
        'an unreadable entry',
        (bytes, { directory }) => bytes.write('ZZ', directory + 32 + 256, 'latin1'),
        /entry 1 of its attachment directory is unreadable/,
      ],
    ];
    it.each(damages)('%s', async (what, damage, reason) => {
      const { bytes, layout } = cziBytes({ attachments });
      damage(bytes, { directory: layout.attachmentDirectory, first: layout.attachments[0]! });
      const file = await write(`${what.replaceAll(' ', '-')}.czi`, bytes);
      const preview = await previewsIn(`cache-${what.length}`).preview(file, 'thumbnail');
      expect(preview.available).toBe(false);
      if (!preview.available) expect(preview.reason).toMatch(reason);
    });

    it('an embedded CZI whose block lies outside it, or whose size is impossible, says so', async () => {
      const outside = embeddedCziBytes({ width: 4, height: 4, rgb: rgbPixels(4, 4, [1, 2, 3]) });
      outside.writeBigInt64LE(2n ** 45n, outside.length - (32 + 3 * 20) + 6);
      const huge = embeddedCziBytes({ width: 4, height: 4, rgb: rgbPixels(4, 4, [1, 2, 3]) });
      huge.writeInt32LE(1_000_000, huge.length - (32 + 3 * 20) + 32 + 16);
      huge.writeInt32LE(1_000_000, huge.length - (32 + 3 * 20) + 52 + 16);
      const file = await write(
        'embedded.czi',
        cziBytes({
          attachments: [
            { name: 'Label', contentType: 'CZI', data: outside },
            { name: 'SlidePreview', contentType: 'CZI', data: huge },
            { name: 'Thumbnail', contentType: 'JPG', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) },
          ],
        }).bytes,
      );
      const previews = previewsIn('cache-embedded');
      expect(await previews.preview(file, 'label')).toMatchObject({
        reason: "embedded.czi's label image is a small CZI image whose block cannot be read",
      });
      expect(await previews.preview(file, 'macro')).toMatchObject({
        reason: "embedded.czi's macro (whole-glass) image is a small CZI image of an impossible size",
      });
      // A JPEG cut short: sharp reads no size from it.
      expect(await previews.preview(file, 'thumbnail')).toMatchObject({
        reason: "embedded.czi's thumbnail is not a picture this app can decode",
      });
    });
  });
});
