import { decode } from './decode.js';
import type { PageAddress, PixelLevel } from './levels.js';
import { pieceAt, pieceCount, pieceGrid, samplePieces, type PieceGrid } from './pieces.js';
import { pieceLabel } from './reasons.js';

/**
 * Levels are decoded whole, smallest first, while their pixels add up to at most this (2048², ~80 ms); the
 * rest are sampled. Small, so a 20k×20k slide read cold from a network share stays within the 1 s budget.
 */
export const WHOLE_BUDGET_PIXELS = 2048 * 2048;
/** Tiles (or strips) sampled per level: corners, middle, the fullest one — a few ms each. */
const SAMPLES_PER_LEVEL = 7;
/** A piece larger than this (an NDPI level stored as one huge JPEG strip) costs too much to decode for QC. */
const MAX_PIECE_PIXELS = 4 * 1024 * 1024;
/** libjpeg's largest dimension: NDPI strips wider than this are read by vendor code, not by libtiff. */
const MAX_PIECE_SIDE = 65_500;
/** Beyond any scanner's level (a million pixels square): a size this large is garbage, not worth opening. */
const MAX_LEVEL_PIXELS = 2 ** 40;
/** When the whole smallest level fails, this many of its pieces are tried one by one to name the bad one. */
const LOCATE_MAX_PIECES = 1_024;

export type LevelResult =
  | { kind: 'checked'; tilesDecoded: number; whole: boolean }
  | { kind: 'skipped' }
  | { kind: 'damaged'; where?: string; cause: string; message: string }
  | { kind: 'unsupported'; cause: string }
  | { kind: 'unopened'; cause: string };

/**
 * Decodes one level: whole when the caller's budget allows, else a few sampled pieces. A damaged result names
 * the piece when it can be told.
 */
export async function checkLevel(
  file: string,
  level: PixelLevel,
  whole: boolean,
  signal: AbortSignal | undefined,
): Promise<LevelResult> {
  const grid = pieceGrid(level);
  const pixels = level.width * level.height;
  const address = level.address;
  if (!address || !grid || !(pixels <= MAX_LEVEL_PIXELS)) return { kind: 'skipped' };
  if (whole) {
    signal?.throwIfAborted();
    const outcome = await decode(file, address, undefined, WHOLE_BUDGET_PIXELS, level.fields.compression);
    if (outcome.ok) return { kind: 'checked', tilesDecoded: pieceCount(grid), whole: true };
    if (outcome.kind !== 'damaged') return outcome;
    return { ...outcome, ...(await locateDamage(file, level, address, grid, signal)) };
  }
  if (grid.pieceWidth * grid.pieceHeight > MAX_PIECE_PIXELS || grid.pieceWidth > MAX_PIECE_SIDE)
    return { kind: 'skipped' };
  const samples = samplePieces(grid, level, level.fields.dataByteCounts, SAMPLES_PER_LEVEL);
  for (const piece of samples) {
    signal?.throwIfAborted();
    const outcome = await decode(file, address, piece, pixels, level.fields.compression);
    if (!outcome.ok)
      return outcome.kind === 'damaged' ? { ...outcome, where: pieceLabel(grid, piece) } : outcome;
  }
  return { kind: 'checked', tilesDecoded: samples.length, whole: false };
}

/** The whole level failed: decode its pieces one by one so the refusal can say which one is damaged. */
async function locateDamage(
  file: string,
  level: PixelLevel,
  address: PageAddress,
  grid: PieceGrid,
  signal: AbortSignal | undefined,
): Promise<{ where?: string; cause?: string }> {
  const count = Math.min(pieceCount(grid), LOCATE_MAX_PIECES);
  for (let index = 0; index < count; index += 1) {
    if ((level.fields.dataByteCounts?.[index] ?? 1) === 0) continue;
    signal?.throwIfAborted();
    const piece = pieceAt(grid, level, index);
    const outcome = await decode(file, address, piece, level.width * level.height, level.fields.compression);
    if (!outcome.ok && outcome.kind === 'damaged')
      return { where: pieceLabel(grid, piece), cause: outcome.cause };
  }
  return {};
}
