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

/** Associated pictures of a test slide, as Aperio stores them: uncompressed RGB strips after the levels. */
export interface SlidePictures {
  thumbnail?: { width: number; height: number };
  label?: { width: number; height: number };
  macro?: { width: number; height: number };
}

/** Flat-colour RGB pixels (each picture its own colour, so a test can tell which one it got). */
export function rgbPixels(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let at = 0; at < pixels.length; at += 3) pixels.set(rgb, at);
  return pixels;
}

export const PICTURE_COLOURS = {
  thumbnail: [40, 160, 80],
  label: [220, 40, 40],
  macro: [40, 60, 200],
} as const;

/**
 * `slideBytes` plus the thumbnail (right after level 0, as Aperio writes it), label and macro pictures asked
 * for, each a flat colour of PICTURE_COLOURS.
 */
export function slideWithPicturesBytes(label: string, pictures: SlidePictures): Buffer {
  const aperio = 'Aperio Image Library v12.0.5';
  const picture = (
    size: { width: number; height: number },
    rgb: readonly [number, number, number],
    description: string,
    subfileType: number,
  ) => ({
    width: size.width,
    height: size.height,
    strips: true,
    compression: 1,
    bytesPerPiece: size.width * size.height * 3,
    pieceContent: rgbPixels(size.width, size.height, rgb),
    description,
    subfileType,
  });
  const levels = [
    {
      width: 2048,
      height: 2048,
      tileSize: 256,
      bytesPerPiece: TILE_JPEG.length,
      pieceContent: TILE_JPEG,
      description: `${aperio}\r\n2048x2048 [0,0 2048x2048] (256x256) JPEG/RGB Q=70|AppMag = 20|MPP = 0.4990|Label = ${label}`,
    },
    ...(pictures.thumbnail
      ? [
          picture(
            pictures.thumbnail,
            PICTURE_COLOURS.thumbnail,
            `${aperio}\r\n${pictures.thumbnail.width}x${pictures.thumbnail.height} -> 2048x2048 - ;Aperio Image`,
            0,
          ),
        ]
      : []),
    { width: 512, height: 512, tileSize: 256, bytesPerPiece: TILE_JPEG.length, pieceContent: TILE_JPEG },
    ...(pictures.label
      ? [
          picture(
            pictures.label,
            PICTURE_COLOURS.label,
            `${aperio}\nlabel ${pictures.label.width}x${pictures.label.height}`,
            1,
          ),
        ]
      : []),
    ...(pictures.macro
      ? [
          picture(
            pictures.macro,
            PICTURE_COLOURS.macro,
            `${aperio}\nmacro ${pictures.macro.width}x${pictures.macro.height}`,
            9,
          ),
        ]
      : []),
  ];
  return tiffBytes({ levels }).bytes;
}

export async function writeSlideWithPictures(
  dir: string,
  name: string,
  pictures: SlidePictures,
): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, slideWithPicturesBytes(name, pictures));
  return file;
}
