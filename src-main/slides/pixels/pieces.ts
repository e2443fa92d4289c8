import type { PixelLevel } from './levels.js';

/** A tile (or, for a stripped level, a strip) of a level: what libvips must decode to read that region. */
export interface Piece {
  /** Position in the level's tile grid; a strip has column 0 and its strip number as row. */
  column: number;
  row: number;
  /** Index into the level's TileOffsets/StripOffsets (first plane). */
  index: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PieceGrid {
  tiled: boolean;
  pieceWidth: number;
  pieceHeight: number;
  across: number;
  down: number;
}

export function pieceGrid(level: PixelLevel): PieceGrid | undefined {
  const { fields, width, height } = level;
  if (width <= 0 || height <= 0) return undefined;
  if (fields.tiled) {
    if (!fields.tileWidth || !fields.tileLength) return undefined;
    return {
      tiled: true,
      pieceWidth: fields.tileWidth,
      pieceHeight: fields.tileLength,
      across: Math.ceil(width / fields.tileWidth),
      down: Math.ceil(height / fields.tileLength),
    };
  }
  const rows = Math.min(fields.rowsPerStrip || height, height);
  return { tiled: false, pieceWidth: width, pieceHeight: rows, across: 1, down: Math.ceil(height / rows) };
}

export const pieceCount = (grid: PieceGrid): number => grid.across * grid.down;

/** The piece at `index`, clipped to the level (edge tiles are partly outside the image). */
export function pieceAt(grid: PieceGrid, level: PixelLevel, index: number): Piece {
  const column = index % grid.across;
  const row = Math.floor(index / grid.across);
  const left = column * grid.pieceWidth;
  const top = row * grid.pieceHeight;
  return {
    column,
    row,
    index,
    left,
    top,
    width: Math.min(grid.pieceWidth, level.width - left),
    height: Math.min(grid.pieceHeight, level.height - top),
  };
}

/**
 * A deterministic handful of pieces spread over the level: the corners, the middle, points at fixed fractions,
 * and the piece with the most data (most likely tissue rather than blank glass). Empty pieces (sparse files,
 * byte count 0) hold nothing to decode, so a pick that lands on one moves to the next piece with data.
 */
export function samplePieces(
  grid: PieceGrid,
  level: PixelLevel,
  byteCounts: readonly number[] | undefined,
  max: number,
): Piece[] {
  const count = pieceCount(grid);
  const last = count - 1;
  const at = (column: number, row: number) => row * grid.across + column;
  const picks = [
    0,
    last,
    at(Math.floor(grid.across / 2), Math.floor(grid.down / 2)),
    at(grid.across - 1, 0),
    at(0, grid.down - 1),
    largest(byteCounts, count),
    Math.floor(count * 0.382),
    Math.floor(count * 0.618),
  ];
  const chosen = new Set<number>();
  for (const pick of picks) {
    const index = withData(pick, byteCounts, count);
    if (index !== undefined) chosen.add(index);
    if (chosen.size >= max) break;
  }
  return [...chosen].sort((a, b) => a - b).map((index) => pieceAt(grid, level, index));
}

function largest(byteCounts: readonly number[] | undefined, count: number): number {
  let best = 0;
  for (let i = 1; i < Math.min(count, byteCounts?.length ?? 0); i += 1)
    if ((byteCounts?.[i] ?? 0) > (byteCounts?.[best] ?? 0)) best = i;
  return best;
}

function withData(
  start: number,
  byteCounts: readonly number[] | undefined,
  count: number,
): number | undefined {
  if (!byteCounts) return start;
  for (let step = 0; step < count; step += 1) {
    const index = (start + step) % count;
    if ((byteCounts[index] ?? 0) > 0) return index;
  }
  return undefined;
}
