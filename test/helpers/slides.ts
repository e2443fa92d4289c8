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

export function writeSlide(
  dir: string,
  name: string,
  tileBytes?: number,
): Promise<{ file: string; bytes: Buffer }> {
  return writeSlideBytes(dir, name, slideBytes(name, tileBytes));
}

async function writeSlideBytes(
  dir: string,
  name: string,
  bytes: Buffer,
): Promise<{ file: string; bytes: Buffer }> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return { file, bytes };
}

/**
 * A slide whose structure is intact but whose first tile is no longer a JPEG: structural QC passes it, pixel QC
 * refuses it naming that tile.
 */
export function writeDamagedSlide(
  dir: string,
  name: string,
  tileBytes?: number,
): Promise<{ file: string; bytes: Buffer }> {
  const bytes = slideBytes(name, tileBytes);
  bytes.fill(0x02, 8 + 2, 8 + 200); // inside the first tile: the writer's "data-first" layout puts it right after the header
  return writeSlideBytes(dir, name, bytes);
}

/** What an identifiable test slide carries, so tests can look for every trace of it after de-identification. */
export const IDENTIFYING = {
  filename: 'CASE-4711-DOE-JANE',
  date: '11/23/26',
  time: '09:41:07',
  user: 'jsmith-histology',
  scanner: 'SS-SERIAL-99231',
  dateTime: '2026:11:23 09:41:07',
  artist: 'Dr Jane Operator',
  host: 'PATH-SCANNER-ROOM-3',
  /** Written into the label's and the macro's pixel bytes (after the JPEG's end marker, where decoders never look). */
  labelText: 'LABEL-PATIENT-JANE-DOE-1970-01-01',
  macroText: 'MACRO-PATIENT-JANE-DOE-1970-01-01',
} as const;

/**
 * An Aperio SVS-like slide as a scanner writes it: a tiled level 0 and level 1 (real JPEG tiles), the stripped
 * thumbnail second, then a label and a macro picture (stripped, named by their descriptions), and identifying
 * metadata in the description (Filename, Date, Time, User, ScanScope ID) and in DateTime/Artist/HostComputer.
 * `ifdsFirst` puts every directory before the image data. `extra` adds an untiled, undescribed picture at the end (a layout de-identification must refuse).
 */
export function identifiableSvsBytes(
  options: { bigTiff?: boolean; extra?: boolean; tileBytes?: number; ifdsFirst?: boolean } = {},
): Buffer {
  const id = IDENTIFYING;
  const description = (second: string) =>
    `Aperio Image Library v12.0.5\r\n${second}|AppMag = 20|StripeWidth = 2040|ScanScope ID = ${id.scanner}|Filename = ${id.filename}|Date = ${id.date}|Time = ${id.time}|Time Zone = GMT+01:00|User = ${id.user}|MPP = 0.4990|Left = 25.5|Top = 18.2`;
  const piece = (text: string) => Buffer.concat([TILE_JPEG, Buffer.from(text, 'latin1')]);
  const pieceBytes = Math.max(options.tileBytes ?? 0, TILE_JPEG.length + 64);
  return tiffBytes({
    bigTiff: options.bigTiff === true,
    // Directories (and the descriptions) first, image data after, as some scanners write: patches at both ends.
    ...(options.ifdsFirst ? { layout: 'ifds-first' as const } : {}),
    levels: [
      {
        width: 1024,
        height: 1024,
        tileSize: 256,
        bytesPerPiece: pieceBytes,
        pieceContent: TILE_JPEG,
        description: description('1024x1024 [0,0 1024x1024] (256x256) JPEG/RGB Q=70'),
        tags: [
          { tag: 306, type: 'ascii', value: id.dateTime },
          { tag: 315, type: 'ascii', value: id.artist },
          { tag: 316, type: 'ascii', value: id.host },
        ],
      },
      {
        width: 256,
        height: 256,
        strips: true,
        bytesPerPiece: TILE_JPEG.length,
        pieceContent: TILE_JPEG,
        description: description('1024x1024 -> 256x256 - ;'),
      },
      {
        width: 512,
        height: 512,
        tileSize: 256,
        bytesPerPiece: TILE_JPEG.length,
        pieceContent: TILE_JPEG,
        description: description('1024x1024 [0,0 1024x1024] (256x256) -> 512x512 JPEG/RGB Q=70'),
      },
      {
        width: 256,
        height: 256,
        strips: true,
        subfileType: 1,
        bytesPerPiece: TILE_JPEG.length + 64,
        pieceContent: piece(id.labelText),
        description: 'Aperio Image Library v12.0.5\nlabel 256x256',
      },
      {
        width: 256,
        height: 256,
        strips: true,
        subfileType: 9,
        bytesPerPiece: TILE_JPEG.length + 64,
        pieceContent: piece(id.macroText),
        description: 'Aperio Image Library v12.0.5\nmacro 256x256',
      },
      ...(options.extra
        ? [
            {
              width: 256,
              height: 256,
              strips: true,
              bytesPerPiece: TILE_JPEG.length,
              pieceContent: TILE_JPEG,
            },
          ]
        : []),
    ],
  }).bytes;
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
