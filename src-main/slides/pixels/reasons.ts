import { damaged } from '../reasons.js';
import type { SlideFormat } from '../types.js';
import type { Piece, PieceGrid } from './pieces.js';

/** Pixel-QC messages in lab-technician words, in the tone of ../reasons.ts. */

export function levelLabel(level: number, levelCount: number): string {
  if (level === 0) return 'level 0 (full resolution)';
  return level === levelCount - 1 ? `level ${level} (the smallest)` : `level ${level}`;
}

export function pieceLabel(grid: PieceGrid, piece: Piece): string {
  return grid.tiled ? `tile (${piece.column}, ${piece.row})` : `strip ${piece.row}`;
}

export function pixelsDamaged(name: string, format: SlideFormat, where: string, cause: string): string {
  return damaged(name, format, `${where} cannot be decoded (${cause}): the image data is damaged`);
}

export function unknownCompression(name: string, code: number): string {
  return `${name} cannot be used: its image data is stored with compression code ${code}, which is not a known image compression, so no slide viewer (nor the AI service) can decode it. Export the slide again from the scanning software as SVS or pyramid TIFF with standard (JPEG) compression, then add it again.`;
}

export function pixelsNotChecked(name: string, why: string): string {
  return `${name}: pixel data not checked — ${why}. Its structure is intact, so it will be uploaded as it is.`;
}
