/** TIFF tag numbers we read (TIFF 6.0, BigTIFF, and the vendor extensions slide scanners use). */
export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  Compression: 259,
  DocumentName: 269,
  ImageDescription: 270,
  Make: 271,
  Model: 272,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  ResolutionUnit: 296,
  Software: 305,
  DateTime: 306,
  Artist: 315,
  HostComputer: 316,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SubIFDs: 330,
  XMLPacket: 700,
  ImageDepth: 32997,
  TileDepth: 32998,
  /** Hamamatsu NDPI private tags. */
  NdpiFormatFlag: 65420,
  NdpiSourceLens: 65421,
  NdpiFocalPlane: 65424,
  /** The slide label's text (tifffile: SlideLabel; OpenSlide: hamamatsu.Reference). */
  NdpiSlideLabel: 65427,
  NdpiScannerSerialNumber: 65442,
} as const;

/** Field type → bytes per value. Types not listed are unknown and, as the spec says, ignored. */
export const TYPE_SIZES: ReadonlyMap<number, number> = new Map([
  [1, 1], // BYTE
  [2, 1], // ASCII
  [3, 2], // SHORT
  [4, 4], // LONG
  [5, 8], // RATIONAL
  [6, 1], // SBYTE
  [7, 1], // UNDEFINED
  [8, 2], // SSHORT
  [9, 4], // SLONG
  [10, 8], // SRATIONAL
  [11, 4], // FLOAT
  [12, 8], // DOUBLE
  [13, 4], // IFD
  [16, 8], // LONG8 (BigTIFF)
  [17, 8], // SLONG8
  [18, 8], // IFD8
]);

/**
 * Compression codes, including the private ones scanners use. A code not listed here is reported as
 * "unknown (n)" with a warning: the structure can still be checked, but viewers may not decode the tiles.
 */
const COMPRESSION_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'none'],
  [2, 'CCITT RLE'],
  [3, 'CCITT Group 3'],
  [4, 'CCITT Group 4'],
  [5, 'LZW'],
  [6, 'old-style JPEG'],
  [7, 'JPEG'],
  [8, 'Deflate'],
  [32773, 'PackBits'],
  [32946, 'Deflate'],
  [33003, 'JPEG 2000 (Aperio YCbCr)'],
  [33004, 'JPEG 2000 (Aperio)'],
  [33005, 'JPEG 2000 (Aperio RGB)'],
  [34712, 'JPEG 2000'],
  [34887, 'LERC'],
  [34892, 'lossy JPEG'],
  [34925, 'LZMA'],
  [34933, 'PNG'],
  [34934, 'JPEG XR'],
  [50000, 'Zstandard'],
  [50001, 'WebP'],
  [50002, 'JPEG XL'],
  [52546, 'JPEG XL'],
]);

export function compressionName(code: number): { name: string; known: boolean } {
  const name = COMPRESSION_NAMES.get(code);
  return name === undefined ? { name: `unknown (${code})`, known: false } : { name, known: true };
}
