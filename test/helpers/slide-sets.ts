import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isIgnoredName } from '../../src-main/watcher/ignored-names.js';
import { PICTURE_COLOURS, rgbPixels, type SlidePictures } from './slides.js';
import { tiffBytes, type TiffLevel } from './tiff-writer.js';

/**
 * Real multi-file slide structures on disk, for slide QC tests and upload tests:
 *  - MIRAX: name.mrxs + name/ with Slidedat.ini, Index.dat and Data0000.dat … laid out as openslide's MIRAX
 *    notes describe (Index.dat: "01.02" + SLIDE_ID, two root pointers, record tables, record heads, pages of
 *    entries image/offset/length/file);
 *  - VSI: name.vsi (a small TIFF) + _name_/stackN/frame_t.ets (a "SIS" header, an "ETS" header, tiles and
 *    the tile table).
 * Every builder returns the main file and the members in ZIP order (main first, then by entry name), and can
 * damage the set in the ways QC must catch. Sizes are configurable so an upload test can make a multi-MiB set.
 */

export interface BuiltSet {
  main: string;
  /** The data folder (name/ or _name_/). */
  folder: string;
  /** Absolute paths of every file of the set, in ZIP order. */
  members: string[];
}

export interface MiraxOptions {
  /** Data files Data0000.dat …; default 2. */
  dataFiles?: number;
  /** Bytes of each data file; default 4096. */
  dataBytes?: number;
  /** Pyramid levels (HIER_0 "Slide zoom level" values); default 3. */
  levels?: number;
  /** Tiles (Index.dat entries) of level 0; each next level has a quarter, at least 1; default 16. */
  tiles?: number;
  /** Entries per Index.dat page, so records span several pages linked by "next"; default 4. */
  entriesPerPage?: number;
  slideId?: string;
  /** Do not write this data file (by number). */
  missingDataFile?: number;
  /** Write this data file empty. */
  emptyDataFile?: number;
  /** Write this data file with its last `cutBytes` bytes missing (default half of it). */
  shortDataFile?: number;
  cutBytes?: number;
  /** The last tile of level 0 points `by` bytes past the end of its data file. */
  recordOutside?: { by: number };
  /** The last tile of level 0 names a data file number Slidedat.ini does not list. */
  badFileNumber?: boolean;
  /** The last page of level 0 points back at its first page. */
  indexLoop?: boolean;
  /** Written in each non-hierarchical record's page where hierarchical pages link the next page (see miraxIndex). */
  nonHierPageWord?: number;
  /** Write Index.dat with this slide ID (another scan's index). */
  indexSlideId?: string;
  /** Keep only this many bytes of Index.dat. */
  indexBytes?: number;
  /** Rewrites Slidedat.ini (e.g. absurd counts). */
  slidedat?: (text: string) => string;
  /** More files in the data folder (relative names), e.g. OS junk. */
  extraFiles?: Record<string, string | Buffer>;
}

/** Writes name.mrxs and name/ in `dir`. */
export async function buildMirax(dir: string, name: string, options: MiraxOptions = {}): Promise<BuiltSet> {
  const dataFiles = options.dataFiles ?? 2;
  const dataBytes = options.dataBytes ?? 4096;
  const levels = options.levels ?? 3;
  const slideId = options.slideId ?? '0b6f4f5e6c6b4d0a9a3c2e1f00000001';
  const main = path.join(dir, `${name}.mrxs`);
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  // The .mrxs is a small JPEG preview in real slides; its content is not interpreted.
  await writeFile(main, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]));

  const dataNames = Array.from(
    { length: dataFiles },
    (_, index) => `Data${String(index).padStart(4, '0')}.dat`,
  );
  const nonHier = ['ScanDataLayer_SlideThumbnail', 'ScanDataLayer_SlideBarcode'];
  const slidedat = miraxSlidedat(slideId, levels, dataNames, nonHier);
  await writeFile(path.join(folder, 'Slidedat.ini'), (options.slidedat ?? ((text) => text))(slidedat));

  // Records: level l has max(1, tiles / 4^l) tiles, then one record per non-hierarchical value; each is a
  // range of a data file, spread round robin over the files and packed from byte 0 to the file's end.
  const tiles = options.tiles ?? 16;
  const levelTiles = Array.from({ length: levels }, (_, level) =>
    Math.max(1, Math.floor(tiles / 4 ** level)),
  );
  const all = levelTiles.reduce((sum, count) => sum + count, 0) + nonHier.length;
  const perFile = Math.ceil(all / dataFiles);
  const length = Math.max(1, Math.floor(dataBytes / perFile));
  let next = 0;
  const place = (): Entry => {
    const file = next % dataFiles;
    const entry = { file, offset: Math.floor(next / dataFiles) * length, length };
    next += 1;
    return entry;
  };
  const hier = levelTiles.map((count) =>
    Array.from({ length: count }, (_, image) => ({ image, ...place() })),
  );
  const nonHierRecords = nonHier.map(() => [place()]);
  // Each file's last record runs to its end, as the scanner fills a file: a cut anywhere is then visible.
  const lastOf = new Map<number, Entry>();
  for (const entry of [...hier.flat(), ...nonHierRecords.flat()]) {
    const known = lastOf.get(entry.file);
    if (!known || entry.offset > known.offset) lastOf.set(entry.file, entry);
  }
  for (const entry of lastOf.values()) entry.length = Math.max(1, dataBytes - entry.offset);
  const lastTile = hier[0]?.[hier[0].length - 1];
  if (lastTile && options.recordOutside)
    lastTile.offset = dataBytes - lastTile.length + options.recordOutside.by;
  if (lastTile && options.badFileNumber) lastTile.file = dataFiles;

  const index = miraxIndex(options.indexSlideId ?? slideId, hier, nonHierRecords, {
    entriesPerPage: options.entriesPerPage ?? 4,
    loop: options.indexLoop === true,
    nonHierPageWord: options.nonHierPageWord,
  });
  await writeFile(path.join(folder, 'Index.dat'), index.subarray(0, options.indexBytes ?? index.length));

  for (const [number, dataName] of dataNames.entries()) {
    if (number === options.missingDataFile) continue;
    let size = number === options.emptyDataFile ? 0 : dataBytes;
    if (number === options.shortDataFile) size = Math.max(1, dataBytes - (options.cutBytes ?? dataBytes / 2));
    await writeFile(path.join(folder, dataName), Buffer.alloc(size, 0x30 + (number % 10)));
  }
  await writeExtras(folder, options.extraFiles);
  return { main, folder, members: await zipOrder(dir, main, folder) };
}

function miraxSlidedat(slideId: string, levels: number, dataNames: string[], nonHier: string[]): string {
  const lines = [
    '[GENERAL]',
    'SLIDE_VERSION = 01.03',
    `SLIDE_ID = ${slideId}`,
    'IMAGENUMBER_X = 4',
    'IMAGENUMBER_Y = 4',
    'OBJECTIVE_MAGNIFICATION = 20',
    'CameraImageDivisionsPerSide = 1',
    '',
    '[HIERARCHICAL]',
    'HIER_COUNT = 1',
    'HIER_0_NAME = Slide zoom level',
    `HIER_0_COUNT = ${levels}`,
    ...Array.from(
      { length: levels },
      (_, level) => `HIER_0_VAL_${level}_SECTION = LAYER_0_LEVEL_${level}_SECTION`,
    ),
    'NONHIER_COUNT = 1',
    'NONHIER_0_NAME = Scan data layer',
    `NONHIER_0_COUNT = ${nonHier.length}`,
    ...nonHier.flatMap((value, index) => [
      `NONHIER_0_VAL_${index} = ${value}`,
      `NONHIER_0_VAL_${index}_SECTION = NONHIERLAYER_0_LEVEL_${index}_SECTION`,
    ]),
    'INDEXFILE = Index.dat',
    '',
    '[DATAFILE]',
    `FILE_COUNT = ${dataNames.length}`,
    ...dataNames.map((dataName, index) => `FILE_${index} = ${dataName}`),
    '',
    ...Array.from({ length: levels }, (_, level) => [
      `[LAYER_0_LEVEL_${level}_SECTION]`,
      `IMAGE_CONCAT_FACTOR = ${level === 0 ? 0 : 1}`,
      'OVERLAP_X = 0',
      'OVERLAP_Y = 0',
      `MICROMETER_PER_PIXEL_X = ${0.25 * 2 ** level}`,
      `MICROMETER_PER_PIXEL_Y = ${0.25 * 2 ** level}`,
      'IMAGE_FORMAT = JPEG',
      'IMAGE_FILL_COLOR_BGR = 16777215',
      'DIGITIZER_WIDTH = 256',
      'DIGITIZER_HEIGHT = 256',
      '',
    ]).flat(),
  ];
  // Scanners write Windows line ends and a byte-order mark.
  return `\uFEFF${lines.join('\r\n')}`;
}

export interface Entry {
  file: number;
  offset: number;
  length: number;
  /** Hierarchical records only: the tile's image number. */
  image?: number;
}

/** Index.dat bytes: header, root pointers, both record tables, record heads and their pages. */
export function miraxIndex(
  slideId: string,
  hier: Entry[][],
  nonHier: Entry[][],
  options: { entriesPerPage: number; loop: boolean; nonHierPageWord?: number | undefined },
): Buffer {
  const out = new IndexBytes();
  out.text(`01.02${slideId}`);
  const roots = out.reserve(8);
  const hierTable = out.reserve(4 * hier.length);
  const nonHierTable = out.reserve(4 * nonHier.length);
  out.int32At(roots, hierTable);
  out.int32At(roots + 4, nonHierTable);
  const writeRecord = (entries: Entry[], hierarchical: boolean, loop: boolean) => {
    const head = out.reserve(8);
    const pages: number[] = [];
    for (let start = 0; start < entries.length || pages.length === 0; start += options.entriesPerPage) {
      const chunk = entries.slice(start, start + options.entriesPerPage);
      const page = out.reserve(8 + chunk.length * (hierarchical ? 16 : 20));
      out.int32At(page, chunk.length);
      chunk.forEach((entry, index) => {
        const values = hierarchical
          ? [entry.image ?? 0, entry.offset, entry.length, entry.file]
          : [0, 0, entry.offset, entry.length, entry.file];
        values.forEach((value, at) =>
          out.int32At(page + 8 + index * (hierarchical ? 16 : 20) + at * 4, value),
        );
      });
      const previous = pages[pages.length - 1];
      if (previous !== undefined) out.int32At(previous + 4, page);
      pages.push(page);
    }
    out.int32At(head, 0);
    out.int32At(head + 4, pages[0] ?? 0);
    const last = pages[pages.length - 1];
    if (loop && last !== undefined) out.int32At(last + 4, pages[0] ?? 0);
    return head;
  };
  hier.forEach((entries, record) =>
    out.int32At(hierTable + 4 * record, writeRecord(entries, true, options.loop && record === 0)),
  );
  nonHier.forEach((entries, record) => {
    const head = writeRecord(entries, false, false);
    out.int32At(nonHierTable + 4 * record, head);
    // Real scanners sometimes write a value (1253) where a hierarchical page keeps its next-page link.
    if (options.nonHierPageWord !== undefined) out.int32At(out.int32(head + 4) + 4, options.nonHierPageWord);
  });
  return out.bytes();
}

class IndexBytes {
  private buffer = Buffer.alloc(0);
  text(value: string): void {
    this.buffer = Buffer.concat([this.buffer, Buffer.from(value, 'latin1')]);
  }
  /** Appends `length` zero bytes and returns where they start. */
  reserve(length: number): number {
    const at = this.buffer.length;
    this.buffer = Buffer.concat([this.buffer, Buffer.alloc(length)]);
    return at;
  }
  int32At(at: number, value: number): void {
    this.buffer.writeInt32LE(value, at);
  }
  int32(at: number): number {
    return this.buffer.readInt32LE(at);
  }
  bytes(): Buffer {
    return this.buffer;
  }
}

export interface VsiOptions {
  /** Stack folders stack1 … each with a frame_t.ets; default 1. */
  stacks?: number;
  /** Tiles per .ets; default 6. */
  tiles?: number;
  /** Bytes per tile; default 1024 (tiles × tileBytes sizes the set). */
  tileBytes?: number;
  /** Keep only the first `cutEtsTo` bytes of the first .ets. */
  cutEtsTo?: number;
  /** The last tile of the first .ets points this many bytes past its end. */
  tileOutside?: number;
  /** Add a stack folder with no .ets in it (a copy that stopped early). */
  emptyStack?: boolean;
  /** More files in the _name_ folder (relative names, '/' for sub-folders), e.g. OS junk. */
  extraFiles?: Record<string, string | Buffer>;
  /**
   * Make the .vsi's own pictures decodable: its first directory the thumbnail (uncompressed, a flat colour of
   * PICTURE_COLOURS), then a "label" and an "overview" directory when asked for. Default: one 800 × 600
   * directory of dummy bytes.
   */
  pictures?: SlidePictures;
}

/** Writes name.vsi and _name_/stackN/frame_t.ets in `dir`. */
export async function buildVsi(dir: string, name: string, options: VsiOptions = {}): Promise<BuiltSet> {
  const main = path.join(dir, `${name}.vsi`);
  const folder = path.join(dir, `_${name}_`);
  // The .vsi itself is a small TIFF (overview and metadata).
  const levels = options.pictures
    ? vsiPictureLevels(options.pictures)
    : [{ width: 800, height: 600, strips: true }];
  await writeFile(main, tiffBytes({ levels }).bytes);
  for (let stack = 1; stack <= (options.stacks ?? 1); stack += 1) {
    const stackFolder = path.join(folder, `stack${stack}`);
    await mkdir(stackFolder, { recursive: true });
    let ets = etsFile(
      options.tiles ?? 6,
      options.tileBytes ?? 1024,
      stack === 1 ? options.tileOutside : undefined,
    );
    if (stack === 1 && options.cutEtsTo !== undefined) ets = ets.subarray(0, options.cutEtsTo);
    await writeFile(path.join(stackFolder, 'frame_t.ets'), ets);
  }
  if (options.emptyStack)
    await mkdir(path.join(folder, `stack${(options.stacks ?? 1) + 1}`), { recursive: true });
  await writeExtras(folder, options.extraFiles);
  return { main, folder, members: await zipOrder(dir, main, folder) };
}

function vsiPictureLevels(pictures: SlidePictures): TiffLevel[] {
  const picture = (
    size: { width: number; height: number },
    rgb: readonly [number, number, number],
    description?: string,
  ): TiffLevel => ({
    width: size.width,
    height: size.height,
    strips: true,
    compression: 1,
    bytesPerPiece: size.width * size.height * 3,
    pieceContent: rgbPixels(size.width, size.height, rgb),
    subfileType: 0,
    ...(description ? { description } : {}),
  });
  return [
    picture(pictures.thumbnail ?? { width: 800, height: 600 }, PICTURE_COLOURS.thumbnail),
    ...(pictures.label ? [picture(pictures.label, PICTURE_COLOURS.label, 'label')] : []),
    ...(pictures.macro ? [picture(pictures.macro, PICTURE_COLOURS.macro, 'overview')] : []),
  ];
}

/**
 * An .ets: SIS header (64 bytes), ETS header (228 bytes), tiles, then the tile table (records: u32,
 * u32 × 4 dimensions, u64 offset, u32 size, u32), as openslide's Olympus notes describe.
 */
export function etsFile(tiles: number, tileBytes: number, tileOutside?: number): Buffer {
  const dimensions = 4;
  const sis = Buffer.alloc(64);
  sis.write('SIS\0', 0, 'latin1');
  sis.writeUInt32LE(64, 4);
  sis.writeUInt32LE(2, 8);
  sis.writeUInt32LE(dimensions, 12);
  sis.writeBigUInt64LE(64n, 16);
  sis.writeUInt32LE(228, 24);
  const ets = Buffer.alloc(228);
  ets.write('ETS\0', 0, 'latin1');
  ets.writeUInt32LE(0x30003, 4); // version
  ets.writeUInt32LE(2, 8); // pixel type: unsigned char
  ets.writeUInt32LE(3, 12); // channels
  ets.writeUInt32LE(4, 16); // colour space: RGB
  ets.writeUInt32LE(2, 20); // compression: JPEG
  ets.writeUInt32LE(90, 24); // quality
  ets.writeUInt32LE(512, 28); // tile width
  ets.writeUInt32LE(512, 32); // tile height
  ets.writeUInt32LE(1, 36); // tile depth
  const dataStart = 64 + 228;
  const data = Buffer.alloc(tiles * tileBytes, 0x77);
  const recordSize = 20 + 4 * dimensions;
  const table = Buffer.alloc(tiles * recordSize);
  for (let tile = 0; tile < tiles; tile += 1) {
    const at = tile * recordSize;
    table.writeUInt32LE(tile % 3, at + 4);
    table.writeUInt32LE(Math.floor(tile / 3), at + 8);
    table.writeBigUInt64LE(BigInt(dataStart + tile * tileBytes), at + 4 + 4 * dimensions);
    table.writeUInt32LE(tileBytes, at + 12 + 4 * dimensions);
  }
  const tableStart = dataStart + data.length;
  if (tileOutside !== undefined && tiles > 0) {
    // Past the end of the whole file (tiles + table), not merely into the table.
    const last = (tiles - 1) * recordSize + 4 + 4 * dimensions;
    table.writeBigUInt64LE(BigInt(tableStart + table.length - tileBytes + tileOutside), last);
  }
  sis.writeBigUInt64LE(BigInt(tableStart), 32);
  sis.writeUInt32LE(tiles, 40);
  return Buffer.concat([sis, ets, data, table]);
}

async function writeExtras(folder: string, extras: Record<string, string | Buffer> = {}): Promise<void> {
  for (const [relative, content] of Object.entries(extras)) {
    const file = path.join(folder, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/**
 * Main first, then every file under `folder` by its '/'-separated entry name (relative to `dir`): what QC
 * lists as members, so OS junk (.DS_Store, Thumbs.db, ._*) is left out as QC leaves it out.
 */
export async function zipOrder(dir: string, main: string, folder: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (isIgnoredName(entry.name)) continue;
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  await walk(folder);
  const entry = (file: string) => path.relative(dir, file).split(path.sep).join('/');
  return [main, ...files.sort((a, b) => (entry(a) < entry(b) ? -1 : entry(a) > entry(b) ? 1 : 0))];
}
