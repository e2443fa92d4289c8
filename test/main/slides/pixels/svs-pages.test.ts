import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qcSlide } from '../../../../src-main/slides/qc.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { tiffBytes, type TiffLevel } from '../../../helpers/tiff-writer.js';

/**
 * An SVS laid out as Aperio writes it: level 0, thumbnail, level 1, label, macro. The levels hold uncompressed
 * tiles (any bytes decode); the thumbnail, label and macro hold dummy bytes marked as JPEG, which cannot be
 * decoded. So QC passes only if it maps the levels to the right TIFF pages and never decodes the others.
 */
const APERIO = 'Aperio Image Library v12.0.15\r\n1024x768 [0,0 1024x768] (256x256) -> 1024x768 JPEG/RGB Q=70';
const RGB_TILE = 256 * 256 * 3;
const level = (width: number, height: number, description: string): TiffLevel => ({
  width,
  height,
  compression: 1,
  bytesPerPiece: RGB_TILE,
  description,
});
const associated = (width: number, description: string, subfileType: number): TiffLevel => ({
  width,
  height: 100,
  strips: true,
  compression: 7,
  description,
  subfileType,
});

describe('pages of an Aperio SVS', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp?.cleanup());

  const write = async (name: string, levels: TiffLevel[]): Promise<string> => {
    const file = path.join(temp.dir, name);
    await writeFile(file, tiffBytes({ levels }).bytes);
    return file;
  };

  it('levels are decoded on their own pages; thumbnail, label and macro are left alone', async () => {
    const file = await write('layout.svs', [
      level(1024, 768, `${APERIO}|AppMag = 20|MPP = 0.5`),
      associated(128, `${APERIO}\n128x96 -> 1024x768 - ;Aperio Image`, 0),
      level(512, 384, APERIO),
      associated(100, 'Aperio Image Library v12.0.15\nlabel 100x100', 1),
      associated(300, 'Aperio Image Library v12.0.15\nmacro 300x100', 9),
    ]);
    const result = await qcSlide(file);
    expect(result).toMatchObject({ kind: 'slide', format: 'aperio-svs', warnings: [] });
    if (result.kind === 'slide')
      expect(result.pixels?.levels).toEqual([
        { level: 0, width: 1024, height: 768, tilesDecoded: 12, whole: true },
        { level: 1, width: 512, height: 384, tilesDecoded: 4, whole: true },
      ]);
  });

  it('a level whose tiles cannot be decoded is refused under its level number', async () => {
    const file = await write('bad-level.svs', [
      level(1024, 768, `${APERIO}|AppMag = 20|MPP = 0.5`),
      associated(128, `${APERIO}\n128x96 -> 1024x768 - ;Aperio Image`, 0),
      { ...level(512, 384, APERIO), compression: 7, bytesPerPiece: 64 },
    ]);
    expect(await qcSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('tile (0, 0) of level 1 (the smallest) cannot be decoded'),
      detail: expect.stringContaining('page 2'),
    });
  });
});
