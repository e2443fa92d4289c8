import type { ByteReader } from '../byte-reader.js';
import { walkTiff, type Ifd, type IfdEntry, type TiffHeader, type TiffStructure } from './ifd-walker.js';
import { Tag } from './tags.js';
import { readNumbers, readText } from './tag-values.js';

/** The fields of one directory that recognition, metadata and the completeness check need. */
export interface IfdFields {
  ifd: Ifd;
  width?: number;
  height?: number;
  tiled: boolean;
  tileWidth?: number;
  tileLength?: number;
  rowsPerStrip?: number;
  samplesPerPixel: number;
  planarConfiguration: number;
  imageDepth: number;
  tileDepth: number;
  compression?: number;
  subfileType: number;
  description?: string;
  make?: string;
  model?: string;
  software?: string;
  dateTime?: string;
  xmlPacket?: string;
  xResolution?: number;
  yResolution?: number;
  /** 1 none, 2 inch (the default), 3 centimetre. */
  resolutionUnit: number;
  ndpiFormatFlag: boolean;
  ndpiSourceLens?: number;
  ndpiFocalPlane?: number;
  /** StripOffsets or TileOffsets (undefined when missing or past the end of the file). */
  dataOffsets?: number[];
  dataByteCounts?: number[];
}

/** Vendor XML (Philips, Leica) lives in the first description and can be large; other descriptions are short. */
const FIRST_DESCRIPTION_MAX = 2 * 1024 * 1024;
const OTHER_TEXT_MAX = 256 * 1024;

export async function readIfdFields(reader: ByteReader, header: TiffHeader, ifd: Ifd): Promise<IfdFields> {
  const inFile = (entry: IfdEntry | undefined): entry is IfdEntry =>
    entry !== undefined && entry.position + entry.byteLength <= reader.size;
  const entry = (tag: number) => {
    const found = ifd.entries.get(tag);
    return inFile(found) ? found : undefined;
  };
  const first = async (tag: number): Promise<number | undefined> => {
    const found = entry(tag);
    return found ? (await readNumbers(reader, header, found, 1))[0] : undefined;
  };
  const text = async (tag: number, max = OTHER_TEXT_MAX): Promise<string | undefined> => {
    const found = entry(tag);
    return found ? readText(reader, found, max) : undefined;
  };
  const array = async (tag: number): Promise<number[] | undefined> => {
    const found = entry(tag);
    return found ? readNumbers(reader, header, found) : undefined;
  };

  const tiled = ifd.entries.has(Tag.TileOffsets);
  return {
    ifd,
    width: await first(Tag.ImageWidth),
    height: await first(Tag.ImageLength),
    tiled,
    tileWidth: await first(Tag.TileWidth),
    tileLength: await first(Tag.TileLength),
    rowsPerStrip: await first(Tag.RowsPerStrip),
    samplesPerPixel: (await first(Tag.SamplesPerPixel)) ?? 1,
    planarConfiguration: (await first(Tag.PlanarConfiguration)) ?? 1,
    imageDepth: (await first(Tag.ImageDepth)) ?? 1,
    tileDepth: (await first(Tag.TileDepth)) ?? 1,
    compression: await first(Tag.Compression),
    subfileType: (await first(Tag.NewSubfileType)) ?? 0,
    description: await text(Tag.ImageDescription, ifd.index === 0 ? FIRST_DESCRIPTION_MAX : OTHER_TEXT_MAX),
    make: (await text(Tag.Make))?.trim(),
    model: (await text(Tag.Model))?.trim(),
    software: (await text(Tag.Software))?.trim(),
    dateTime: (await text(Tag.DateTime))?.trim(),
    xmlPacket: await text(Tag.XMLPacket, FIRST_DESCRIPTION_MAX),
    xResolution: await first(Tag.XResolution),
    yResolution: await first(Tag.YResolution),
    resolutionUnit: (await first(Tag.ResolutionUnit)) ?? 2,
    ndpiFormatFlag: ifd.entries.has(Tag.NdpiFormatFlag),
    ndpiSourceLens: await first(Tag.NdpiSourceLens),
    ndpiFocalPlane: await first(Tag.NdpiFocalPlane),
    dataOffsets: await array(tiled ? Tag.TileOffsets : Tag.StripOffsets),
    dataByteCounts: await array(tiled ? Tag.TileByteCounts : Tag.StripByteCounts),
  };
}

/**
 * Every directory of the file and its fields, walked and read once per open file (see ByteReader.memo): the
 * structural check and pixel QC's codec check share them.
 */
export function readTiffDirectories(
  reader: ByteReader,
  header: TiffHeader,
  options: { ndpiHint: boolean },
): Promise<{ structure: TiffStructure; fields: IfdFields[] }> {
  return reader.memo(`tiff-directories:${options.ndpiHint}`, async () => {
    const structure = await walkTiff(reader, header, options);
    const fields: IfdFields[] = [];
    for (const ifd of structure.ifds) fields.push(await readIfdFields(reader, header, ifd));
    return { structure, fields };
  });
}
