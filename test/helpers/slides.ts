import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tiffBytes } from './tiff-writer.js';

/**
 * A small but valid Aperio-style tiled TIFF (what slide QC accepts), distinct per `label` so content dedupe can
 * tell slides apart. `tileBytes` sizes it: 64 tiles of that many bytes, plus a 4-tile thumbnail level.
 */
export function slideBytes(label: string, tileBytes = 1024): Buffer {
  return tiffBytes({
    levels: [
      {
        width: 2048,
        height: 2048,
        tileSize: 256,
        bytesPerPiece: tileBytes,
        description: `Aperio Image Library v12.0.5\r\n2048x2048 [0,0 2048x2048] (256x256) JPEG/RGB Q=70|AppMag = 20|MPP = 0.4990|Label = ${label}`,
      },
      { width: 512, height: 512, tileSize: 256, bytesPerPiece: 64 },
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
