import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ByteReader } from './byte-reader.js';
import { iniValues, type IniValue } from './mirax-ini-bytes.js';
import { INDEX_VERSION } from './mirax-index.js';
import { parseIni, readSlidedat, type SlidedatLayout } from './mirax-slidedat.js';
import type { SlideMember } from './types.js';

/**
 * Where a MIRAX slide keeps its label, macro and thumbnail, found the way OpenSlide finds them: Slidedat.ini's
 * non-hierarchical layer "Scan data layer" lists values by name (NONHIER_i_VAL_j); a value's record number in
 * Index.dat's non-hierarchical table is its place among all non-hierarchical values (layer by layer); that
 * record's one entry is a range of a data file holding the picture (JPEG in every slide seen). The value's section
 * says the picture's format under a key of its own.
 *
 * Note the names: the macro (the whole glass) is "SlideThumbnail", the thumbnail (the scanned area) is
 * "SlidePreview", the label is "SlideBarcode".
 */

export type MiraxPicture = 'label' | 'macro' | 'thumbnail';

export const SCAN_DATA_LAYER = 'Scan data layer';

export const PICTURE_VALUES: Record<MiraxPicture, { value: string; formatKey: string }> = {
  label: { value: 'ScanDataLayer_SlideBarcode', formatKey: 'BARCODE_IMAGE_TYPE' },
  macro: { value: 'ScanDataLayer_SlideThumbnail', formatKey: 'THUMBNAIL_IMAGE_TYPE' },
  thumbnail: { value: 'ScanDataLayer_SlidePreview', formatKey: 'PREVIEW_IMAGE_TYPE' },
};

/** OpenSlide refuses a larger Slidedat.ini; a larger one is not a scanner's. */
const MAX_SLIDEDAT = 1024 * 1024;

export interface MiraxFiles {
  main: SlideMember;
  slidedat: SlideMember;
  index: SlideMember;
  /** By FILE_n number. */
  dataFiles: SlideMember[];
  layout: SlidedatLayout;
  slidedatBytes: Buffer;
  values: IniValue[];
}

export interface PictureValue {
  picture: MiraxPicture;
  /** Its record number in Index.dat's non-hierarchical table. */
  record: number;
  /** Every `NONHIER_i_VAL_j = <name>` line naming it (a value written twice is renamed twice). */
  names: IniValue[];
  /** The format its section gives (JPEG, PNG, BMP24), if any. */
  format?: string;
}

export interface PictureRecord {
  fileNumber: number;
  offset: number;
  length: number;
}

export type Found<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The members that make up the slide, and its Slidedat.ini read both as settings and as bytes. */
export async function readMiraxFiles(members: readonly SlideMember[]): Promise<Found<MiraxFiles>> {
  const main = members[0];
  if (!main || path.extname(main.path).toLowerCase() !== '.mrxs')
    return { ok: false, problem: 'its .mrxs file is not the first file of the set' };
  // The folder beside the .mrxs with its name, spelled in any case (Windows shares keep the scanner's spelling).
  const stem = path.basename(main.path, path.extname(main.path)).toLowerCase();
  const isFolder = (dir: string) =>
    path.dirname(dir) === path.dirname(main.path) && path.basename(dir).toLowerCase() === stem;
  const inFolder = new Map<string, SlideMember>();
  for (const member of members)
    if (isFolder(path.dirname(member.path))) inFolder.set(path.basename(member.path).toLowerCase(), member);
  const named = (name: string) => inFolder.get(name.toLowerCase());

  const slidedat = named('Slidedat.ini');
  if (!slidedat) return { ok: false, problem: 'its folder has no Slidedat.ini' };
  if (slidedat.size > MAX_SLIDEDAT)
    return { ok: false, problem: 'its Slidedat.ini is far larger than any scanner writes' };
  const slidedatBytes = await readFile(slidedat.path);
  if (slidedatBytes.length !== slidedat.size)
    return { ok: false, problem: 'its Slidedat.ini changed since the slide was checked' };
  if (slidedatBytes[0] === 0xff || slidedatBytes[0] === 0xfe)
    return { ok: false, problem: 'its Slidedat.ini is written in UTF-16, which slide readers do not read' };
  const read = readSlidedat(parseIni(slidedatBytes.toString('utf8').replace(/^\uFEFF/, '')));
  if ('problem' in read) return { ok: false, problem: read.problem };
  const { layout } = read;

  const index = named(layout.indexFile);
  if (!index) return { ok: false, problem: `its index file ${layout.indexFile} is missing` };
  const dataFiles: SlideMember[] = [];
  for (const name of layout.dataFiles) {
    const member = named(name);
    if (!member) return { ok: false, problem: `its data file ${name} is missing` };
    dataFiles.push(member);
  }
  return {
    ok: true,
    value: { main, slidedat, index, dataFiles, layout, slidedatBytes, values: iniValues(slidedatBytes) },
  };
}

/**
 * The label, macro and thumbnail values of the "Scan data layer", with their record numbers; undefined when the
 * slide has no such layer (then nothing says where a label would be).
 */
export function pictureValues(values: readonly IniValue[]): PictureValue[] | undefined {
  const hierarchical = new Map<string, IniValue>();
  for (const entry of values) if (entry.section === 'HIERARCHICAL') hierarchical.set(entry.key, entry);
  const count = (key: string) => {
    const text = hierarchical.get(key)?.value ?? '';
    return /^\d+$/.test(text) ? Number(text) : 0;
  };
  const layers = count('NONHIER_COUNT');
  let record = 0;
  let sawLayer = false;
  const found: PictureValue[] = [];
  for (let layer = 0; layer < layers; layer += 1) {
    const layerValues = count(`NONHIER_${layer}_COUNT`);
    if (hierarchical.get(`NONHIER_${layer}_NAME`)?.value === SCAN_DATA_LAYER) {
      sawLayer = true;
      for (let index = 0; index < layerValues; index += 1) {
        const key = `NONHIER_${layer}_VAL_${index}`;
        const name = hierarchical.get(key)?.value;
        const picture = (Object.keys(PICTURE_VALUES) as MiraxPicture[]).find(
          (kind) => PICTURE_VALUES[kind].value === name,
        );
        if (!picture) continue;
        const names = values.filter(
          (entry) => entry.section === 'HIERARCHICAL' && entry.key === key && entry.value === name,
        );
        const section = hierarchical.get(`${key}_SECTION`)?.value;
        // The last line wins, as in parseIni and GLib.
        const format = [...values]
          .reverse()
          .find(
            (entry) => entry.section === section && entry.key === PICTURE_VALUES[picture].formatKey,
          )?.value;
        found.push({ picture, record: record + index, names, ...(format ? { format } : {}) });
      }
    }
    record += layerValues;
  }
  return sawLayer ? found : undefined;
}

/**
 * Non-hierarchical values of any layer whose data is XML text ("ScanDataLayer_XMLInfoHeader",
 * "ScanDataLayer_XMLInfoFooter", "ProfileXMLHeader", "ProfileXML"): scan settings and profiles that may name the
 * operator, the slide or its case. OpenSlide reads none of them. Each with its record number, as pictureValues.
 */
export function textValues(values: readonly IniValue[]): Array<{ name: string; record: number }> {
  const hierarchical = new Map<string, string>();
  for (const entry of values) if (entry.section === 'HIERARCHICAL') hierarchical.set(entry.key, entry.value);
  const count = (key: string) => {
    const text = hierarchical.get(key) ?? '';
    return /^\d+$/.test(text) ? Number(text) : 0;
  };
  const found: Array<{ name: string; record: number }> = [];
  let record = 0;
  // Every value named has a line of its own: a count beyond the lines there are names nothing more, so a
  // hostile count costs no more than the file's length.
  const lines = values.length;
  for (let layer = 0; layer < Math.min(count('NONHIER_COUNT'), lines); layer += 1) {
    const layerValues = count(`NONHIER_${layer}_COUNT`);
    for (let index = 0; index < Math.min(layerValues, lines); index += 1) {
      const name = hierarchical.get(`NONHIER_${layer}_VAL_${index}`) ?? '';
      if (/xml/i.test(name)) found.push({ name, record: record + index });
    }
    record += layerValues;
  }
  return found;
}

/**
 * The one entry of a non-hierarchical record, read as OpenSlide reads it: table → record head (0, first page) →
 * page (entry count 1, a word OpenSlide ignores) → entry (0, 0, offset, length, data file number).
 */
export async function readPictureRecord(
  files: Pick<MiraxFiles, 'index' | 'layout' | 'dataFiles'>,
  record: number,
): Promise<Found<PictureRecord>> {
  const reader = await ByteReader.open(files.index.path, { knownFile: { size: files.index.size } });
  const bad = (what: string): Found<PictureRecord> => ({
    ok: false,
    problem: `its record number ${record} in ${path.basename(files.index.path)} ${what}`,
  });
  try {
    const int32At = async (position: number): Promise<number | undefined> => {
      if (position < 0 || position + 4 > reader.size) return undefined;
      const bytes = await reader.read(position, 4);
      return bytes.length === 4 ? bytes.readInt32LE(0) : undefined;
    };
    const root = Buffer.byteLength(`${INDEX_VERSION}${files.layout.slideId}`, 'latin1') + 4;
    const table = await int32At(root);
    const head = table === undefined ? undefined : await int32At(table + 4 * record);
    if (head === undefined || head <= 0) return bad('is missing');
    const page = await int32At(head + 4);
    if ((await int32At(head)) !== 0 || page === undefined || page <= 0) return bad('is malformed');
    if ((await int32At(page)) !== 1) return bad('does not hold exactly one piece of data');
    const [zero1, zero2, offset, length, fileNumber] = await Promise.all(
      [8, 12, 16, 20, 24].map((at) => int32At(page + at)),
    );
    if (zero1 !== 0 || zero2 !== 0) return bad('is malformed');
    if (offset === undefined || length === undefined || fileNumber === undefined) return bad('is cut short');
    if (offset < 0 || length <= 0) return bad('gives an impossible position or length');
    const dataFile = files.dataFiles[fileNumber];
    if (!dataFile) return bad(`names data file number ${fileNumber}, which Slidedat.ini does not list`);
    if (offset + length > dataFile.size)
      return bad(
        `runs past the end of ${path.basename(dataFile.path)} (byte ${offset + length} of ${dataFile.size})`,
      );
    return { ok: true, value: { fileNumber, offset, length } };
  } finally {
    await reader.close();
  }
}

/** JPEG, PNG or BMP: what a MIRAX picture is stored as. */
export function imageSignature(head: Buffer): 'jpeg' | 'png' | 'bmp' | undefined {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'png';
  if (head[0] === 0x42 && head[1] === 0x4d) return 'bmp';
  return undefined;
}
