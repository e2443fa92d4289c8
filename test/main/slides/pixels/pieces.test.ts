import { describe, expect, it } from 'vitest';
import type { PixelLevel } from '../../../../src-main/slides/pixels/levels.js';
import { pieceGrid, samplePieces } from '../../../../src-main/slides/pixels/pieces.js';
import type { IfdFields } from '../../../../src-main/slides/tiff/ifd-fields.js';

/** A level with just the fields the tile grid needs. */
function level(width: number, height: number, fields: Partial<IfdFields>): PixelLevel {
  return { level: 0, width, height, fields: fields as IfdFields, address: { page: 0 } };
}

describe('sampled pieces', () => {
  const tiled = level(5000, 4000, { tiled: true, tileWidth: 256, tileLength: 256 });
  const grid = pieceGrid(tiled)!;

  it('are the corners, the middle and the fullest tile, the same every time', () => {
    const counts = Array.from({ length: 20 * 16 }, (_, index) => (index === 77 ? 9_000 : 1_000));
    const picks = samplePieces(grid, tiled, counts, 7).map((piece) => [piece.column, piece.row]);
    expect(picks).toEqual(samplePieces(grid, tiled, counts, 7).map((piece) => [piece.column, piece.row]));
    expect(picks).toEqual(
      expect.arrayContaining([
        [0, 0],
        [19, 0],
        [0, 15],
        [19, 15],
        [10, 8],
        [17, 3],
      ]),
    );
    expect(picks).toHaveLength(7);
  });

  it('are clipped to the image at its edges', () => {
    const last = samplePieces(grid, tiled, undefined, 7).at(-1);
    expect(last).toMatchObject({ column: 19, row: 15, left: 4864, top: 3840, width: 136, height: 160 });
  });

  it('skip empty (sparse) tiles, and there is none to pick when every tile is empty', () => {
    const counts = Array.from({ length: 20 * 16 }, (_, index) => (index === 0 ? 0 : 500));
    expect(samplePieces(grid, tiled, counts, 7).map((piece) => piece.index)).not.toContain(0);
    expect(samplePieces(grid, tiled, new Array<number>(320).fill(0), 7)).toEqual([]);
  });

  it('of a stripped level are whole strips', () => {
    const stripped = level(1000, 700, { tiled: false, rowsPerStrip: 64 });
    const strips = pieceGrid(stripped)!;
    expect(strips).toEqual({ tiled: false, pieceWidth: 1000, pieceHeight: 64, across: 1, down: 11 });
    expect(samplePieces(strips, stripped, undefined, 7).at(-1)).toMatchObject({
      row: 10,
      top: 640,
      height: 60,
    });
  });
});
