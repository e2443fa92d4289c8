import { PastEndOfFile, type ByteReader } from '../byte-reader.js';
import { BLANKED_ATTRIBUTES, isTextVr, replacementValue } from './dicom-attributes.js';
import type { BytePatch } from './plan.js';

/**
 * The patches that blank one DICOM instance's identifying attributes (dicom-attributes.ts), found by walking its
 * whole dataset up to the pixel data — every sequence and item too, since a name or a specimen identifier may sit
 * in an item. Only explicit VR little endian datasets (which every compressed transfer syntax uses) are walked; a
 * layout we cannot walk completely is refused, never uploaded half-blanked.
 */
export type InstancePlan = { patches: BytePatch[]; blanked: string[] } | { refusal: string };

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const PIXEL_DATA_TAGS: ReadonlySet<number> = new Set([0x7fe00010, 0x7fe00008, 0x7fe00009]);
const LONG_VRS: ReadonlySet<string> = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
/** Identifying text longer than this is not a name or a date: such a value is a layout we do not expect. */
const MAX_VALUE = 64 * 1024;
const NOT_WALKABLE: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'implicit VR little endian',
  '1.2.840.10008.1.2.2': 'explicit VR big endian',
  '1.2.840.10008.1.2.1.99': 'deflated',
};

class Unwalkable extends Error {}

export async function planDicomInstance(reader: ByteReader): Promise<InstancePlan> {
  try {
    const { datasetStart, transferSyntax } = await readMeta(reader);
    const unsupported = NOT_WALKABLE[transferSyntax];
    if (unsupported)
      return {
        refusal: `its attributes are stored ${unsupported}, which de-identification cannot rewrite yet`,
      };
    const walk = new BlankingWalk(reader);
    await walk.dataset(datasetStart, undefined, 0);
    return { patches: walk.patches, blanked: [...new Set(walk.blanked)] };
  } catch (error) {
    if (error instanceof Unwalkable) return { refusal: error.message };
    if (error instanceof PastEndOfFile) return { refusal: 'it ends in the middle of its attributes' };
    throw error;
  }
}

interface Header {
  tag: number;
  vr: string;
  length: number;
  valueStart: number;
}

async function readMeta(reader: ByteReader): Promise<{ datasetStart: number; transferSyntax: string }> {
  if ((await reader.read(128, 4)).toString('latin1') !== 'DICM')
    throw new Unwalkable('it is not a DICOM Part-10 file');
  let position = 132;
  let transferSyntax = '';
  for (;;) {
    const peek = await reader.read(position, 2);
    if (peek.length < 2 || peek.readUInt16LE(0) !== 0x0002) return { datasetStart: position, transferSyntax };
    const header = await readHeader(reader, position);
    if (header.length === UNDEFINED_LENGTH) throw new Unwalkable('its file header is malformed');
    if (header.tag === 0x00020010)
      transferSyntax = (await reader.readExact(header.valueStart, header.length, 'the file header'))
        .toString('latin1')
        .replace(/[\0 ]+$/, '');
    position = header.valueStart + header.length;
  }
}

async function readHeader(reader: ByteReader, position: number): Promise<Header> {
  const head = await reader.readExact(position, 8, 'a DICOM element');
  const tag = ((head.readUInt16LE(0) << 16) | head.readUInt16LE(2)) >>> 0;
  if (head.readUInt16LE(0) === 0xfffe)
    return { tag, vr: '', length: head.readUInt32LE(4), valueStart: position + 8 };
  const vr = head.toString('latin1', 4, 6);
  if (!/^[A-Z]{2}$/.test(vr))
    throw new Unwalkable(`an element at byte ${position} has no readable value type`);
  if (!LONG_VRS.has(vr)) return { tag, vr, length: head.readUInt16LE(6), valueStart: position + 8 };
  const long = await reader.readExact(position, 12, 'a DICOM element');
  return { tag, vr, length: long.readUInt32LE(8), valueStart: position + 12 };
}

class BlankingWalk {
  readonly patches: BytePatch[] = [];
  readonly blanked: string[] = [];

  constructor(private readonly reader: ByteReader) {}

  /** Elements from `start` to `end` (undefined: to an item delimiter, or for the top level to the pixel data). */
  async dataset(start: number, end: number | undefined, depth: number): Promise<number> {
    let position = start;
    for (;;) {
      if (end !== undefined && position >= end) return position;
      if (depth === 0 && position >= this.reader.size) return position;
      const header = await readHeader(this.reader, position);
      if (header.tag === ITEM_DELIMITER) return header.valueStart;
      if (header.tag === ITEM || header.tag === SEQUENCE_DELIMITER)
        throw new Unwalkable(`a misplaced sequence marker at byte ${position}`);
      // Everything after the image data is image data (or its trailing padding): the walk is done.
      if (depth === 0 && PIXEL_DATA_TAGS.has(header.tag)) return position;
      if (header.vr === 'SQ') {
        position = await this.sequence(header, depth + 1);
        continue;
      }
      if (header.length === UNDEFINED_LENGTH)
        // UN of undefined length is a sequence in implicit VR: its items cannot be read without a dictionary.
        throw new Unwalkable(`an element at byte ${position} holds a sequence of unknown type`);
      this.blank(header);
      position = header.valueStart + header.length;
      if (position > this.reader.size) throw new PastEndOfFile(position, 'a DICOM element');
    }
  }

  private async sequence(header: Header, depth: number): Promise<number> {
    const end = header.length === UNDEFINED_LENGTH ? undefined : header.valueStart + header.length;
    let position = header.valueStart;
    for (;;) {
      if (end !== undefined && position >= end) return end;
      const item = await readHeader(this.reader, position);
      if (item.tag === SEQUENCE_DELIMITER && end === undefined) return item.valueStart;
      if (item.tag !== ITEM) throw new Unwalkable(`a sequence at byte ${header.valueStart} is malformed`);
      position =
        item.length === UNDEFINED_LENGTH
          ? await this.dataset(item.valueStart, undefined, depth)
          : await this.dataset(item.valueStart, item.valueStart + item.length, depth);
    }
  }

  private blank(header: Header): void {
    const attribute = BLANKED_ATTRIBUTES.get(header.tag);
    if (!attribute || header.length === 0) return;
    if (!isTextVr(header.vr))
      throw new Unwalkable(`${attribute.name} has the value type ${header.vr}, which is not text`);
    if (header.length > MAX_VALUE) throw new Unwalkable(`${attribute.name} is implausibly long`);
    const bytes = replacementValue(attribute, header.vr, header.length);
    this.patches.push({ offset: header.valueStart, length: header.length, bytes: bytes.toString('base64') });
    this.blanked.push(attribute.name);
  }
}
