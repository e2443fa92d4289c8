import type { ByteReader } from '../byte-reader.js';
import { readTiffDirectories, type IfdFields } from '../tiff/ifd-fields.js';
import { readTiffHeader, type TiffHeader, type TiffStructure } from '../tiff/ifd-walker.js';
import { Tag } from '../tiff/tags.js';
import { readNumbers } from '../tiff/tag-values.js';
import { pyramidLevels } from '../tiff/vendors.js';
import type { SlideFormat } from '../types.js';

/** Where libvips finds a directory: `page` counts the main directory chain, `subifd` indexes its SubIFDs tag. */
export interface PageAddress {
  page: number;
  subifd?: number;
}

/** One pyramid level (0 = full resolution), with what is needed to decode parts of it. */
export interface PixelLevel {
  level: number;
  fields: IfdFields;
  width: number;
  height: number;
  /** Undefined when libvips cannot address the directory (a SubIFD chained behind another). */
  address?: PageAddress;
}

/**
 * The pyramid levels of a TIFF-family slide, chosen exactly as inspection chooses them (so label, macro and
 * thumbnail pages are never levels), each with its libvips page. Undefined when the structure cannot be read.
 */
export async function pixelLevels(
  reader: ByteReader,
  format: SlideFormat,
): Promise<{ levels: PixelLevel[]; structure: TiffStructure } | undefined> {
  const pages = await readTiffPages(reader, format);
  if (!pages) return undefined;
  const levels = pyramidLevels(format, pages.fields).map((field, level): PixelLevel => ({
    level,
    fields: field,
    width: field.width ?? 0,
    height: field.height ?? 0,
    address: pages.addresses.get(field.ifd.offset),
  }));
  return { levels, structure: pages.structure };
}

/** Every directory of a TIFF-family file with its libvips address (keyed by directory offset). */
export interface TiffPages {
  fields: IfdFields[];
  addresses: Map<number, PageAddress>;
  structure: TiffStructure;
}

export async function readTiffPages(reader: ByteReader, format: SlideFormat): Promise<TiffPages | undefined> {
  const header = await readTiffHeader(reader);
  if (!header.ok) return undefined;
  const { structure, fields } = await readTiffDirectories(reader, header.header, {
    ndpiHint: format === 'hamamatsu-ndpi',
  });
  const addresses = await pageAddresses(reader, header.header, fields);
  return { fields, addresses, structure };
}

/**
 * Directory offset → libvips address. Main-chain directories are pages in walk order; a SubIFD is addressed by
 * its parent page and its position in the parent's SubIFDs list. Directories chained after a SubIFD have no
 * address libvips accepts, so they get none.
 */
async function pageAddresses(
  reader: ByteReader,
  header: TiffHeader,
  fields: readonly IfdFields[],
): Promise<Map<number, PageAddress>> {
  const addresses = new Map<number, PageAddress>();
  let page = 0;
  for (const { ifd } of fields) {
    if (ifd.fromSubIfd) continue;
    addresses.set(ifd.offset, { page });
    const entry = ifd.entries.get(Tag.SubIFDs);
    if (entry && entry.position + entry.byteLength <= reader.size) {
      const subs = await readNumbers(reader, header, entry, 1_000);
      subs.forEach((offset, subifd) => {
        if (offset !== 0 && !addresses.has(offset)) addresses.set(offset, { page, subifd });
      });
    }
    page += 1;
  }
  return addresses;
}
