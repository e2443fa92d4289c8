import type { ByteReader } from '../byte-reader.js';
import type { IfdEntry } from '../tiff/ifd-walker.js';
import type { BytePatch } from './plan.js';

/** BYTE, ASCII, UNDEFINED: the types text is stored as. */
const TEXT_TYPES: ReadonlySet<number> = new Set([1, 2, 7]);
const SPACE = 0x20;
/** Longer values are not names or dates: they are left alone rather than read whole. */
const MAX_TEXT = 1024 * 1024;

/**
 * Aperio ImageDescription fields that identify a person, a place, a time or a device. ScanScope ID is the
 * scanner's serial number: HIPAA's Safe Harbor list names device serial numbers, and with Date/Time it ties a
 * slide to one site's scan log, so it goes too. AppMag, MPP, StripeWidth and the rest describe the image and stay.
 */
const APERIO_FIELDS: ReadonlySet<string> = new Set([
  'Filename',
  'Date',
  'Time',
  'User',
  'Barcode',
  'ScanScope ID',
  'DSR ID',
  'ImageID',
  'Operator',
]);

/** A text value replaced by as many spaces (its NUL terminator kept): same length, same type, nothing said. */
export async function blankTextValue(
  reader: ByteReader,
  entry: IfdEntry | undefined,
): Promise<BytePatch | undefined> {
  if (!entry || !TEXT_TYPES.has(entry.type) || entry.byteLength === 0 || entry.byteLength > MAX_TEXT)
    return undefined;
  const data = Buffer.from(await reader.read(entry.position, entry.byteLength));
  let changed = false;
  for (let i = 0; i < data.length; i += 1) {
    if (data[i] !== 0 && data[i] !== SPACE) {
      data[i] = SPACE;
      changed = true;
    }
  }
  if (!changed) return undefined;
  return { offset: entry.position, length: data.length, bytes: data.toString('base64') };
}

/**
 * "Aperio Image Library v12…\r\n46000x32914 […] JPEG/RGB Q=30|AppMag = 20|Filename = CASE-17|Date = 12/29/09|…":
 * the values of the identifying fields become spaces, keys and pipes stay, so readers (OpenSlide) still parse
 * every field and find the identifying ones empty.
 */
export async function blankAperioDescription(
  reader: ByteReader,
  entry: IfdEntry,
): Promise<{ patch: BytePatch; fields: string[] } | undefined> {
  if (!TEXT_TYPES.has(entry.type) || entry.byteLength === 0 || entry.byteLength > MAX_TEXT) return undefined;
  const data = Buffer.from(await reader.read(entry.position, entry.byteLength));
  // latin1: one character per byte, so string positions are byte positions.
  const text = data.toString('latin1');
  const fields: string[] = [];
  for (let bar = text.indexOf('|'); bar >= 0;) {
    const next = text.indexOf('|', bar + 1);
    const end = next < 0 ? text.length : next;
    const equals = text.indexOf('=', bar);
    if (equals > bar && equals < end) {
      const key = text.slice(bar + 1, equals).trim();
      if (APERIO_FIELDS.has(key)) {
        let changed = false;
        for (let i = equals + 1; i < end; i += 1) {
          const byte = data[i];
          // Line ends and the terminator stay: they separate the description from what follows.
          if (byte === 0 || byte === 0x0a || byte === 0x0d || byte === SPACE) continue;
          data[i] = SPACE;
          changed = true;
        }
        if (changed) fields.push(key);
      }
    }
    bar = next;
  }
  if (fields.length === 0) return undefined;
  return { patch: { offset: entry.position, length: data.length, bytes: data.toString('base64') }, fields };
}
