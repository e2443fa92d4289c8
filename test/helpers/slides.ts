import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tiffBytes } from './tiff-writer.js';

/**
 * One 256×256 baseline JPEG (a flat colour, 652 bytes, made with sharp): every tile of a test slide starts with
 * it, so pixel QC decodes real image data; the bytes after its end marker are padding decoders never read.
 */
export const TILE_JPEG = Buffer.from(
  '/9j/2wBDACgcHiMeGSgjISMtKygwPGRBPDc3PHtYXUlkkYCZlo+AjIqgtObDoKrarYqMyP/L2u71////m8H////6/+b9//j/2wBDASstLTw1PHZBQXb4pYyl+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj/wAARCAEAAQADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAED/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AoAVoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA//2Q==',
  'base64',
);

/**
 * A small but valid Aperio-style tiled TIFF (what slide QC, pixel QC included, accepts), distinct per `label` so
 * content dedupe can tell slides apart. `tileBytes` sizes it: 64 tiles of that many bytes, plus a 4-tile thumbnail
 * level.
 */
export function slideBytes(label: string, tileBytes = 1024): Buffer {
  return tiffBytes({
    levels: [
      {
        width: 2048,
        height: 2048,
        tileSize: 256,
        bytesPerPiece: Math.max(tileBytes, TILE_JPEG.length),
        pieceContent: TILE_JPEG,
        description: `Aperio Image Library v12.0.5\r\n2048x2048 [0,0 2048x2048] (256x256) JPEG/RGB Q=70|AppMag = 20|MPP = 0.4990|Label = ${label}`,
      },
      { width: 512, height: 512, tileSize: 256, bytesPerPiece: TILE_JPEG.length, pieceContent: TILE_JPEG },
    ],
  }).bytes;
}

export async function writeSlide(
  dir: string,
  name: string,
  tileBytes?: number,
): Promise<{ file: string; bytes: Buffer }> {
  const file = path.join(dir, name);
  const bytes = slideBytes(name, tileBytes);
  await writeFile(file, bytes);
  return { file, bytes };
}
