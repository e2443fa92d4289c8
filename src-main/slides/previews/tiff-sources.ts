import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import { ByteReader } from '../byte-reader.js';
import { codecSupport } from '../pixels/codecs.js';
import { readTiffPages, type TiffPages } from '../pixels/levels.js';
import type { IfdFields } from '../tiff/ifd-fields.js';
import { associatedKindOf, pyramidLevels } from '../tiff/vendors.js';
import type { SlideFormat } from '../types.js';
import { KIND_WORDS, MAX_FALLBACK_PIXELS, type SourceLookup } from './source.js';

/**
 * The directory of a TIFF-family slide that holds a preview picture, found the way OpenSlide finds them: the
 * description names the picture ("label 415x422", "macro …", "Thumbnail"); NDPI marks its macro with source
 * lens -1; Aperio's thumbnail is the stripped directory right after level 0; Ventana's "Label Image" is
 * the whole glass (its macro). A slide without a thumbnail gets its smallest level instead.
 */
export async function tiffSource(
  file: string,
  format: SlideFormat,
  kind: SlidePreviewKind,
): Promise<SourceLookup> {
  const reader = await ByteReader.open(file);
  const pages = await readTiffPages(reader, format).finally(() => reader.close());
  if (!pages) return { missing: ` cannot be read as a TIFF file, so it has no ${KIND_WORDS[kind]}` };
  const found = associated(pages.fields, format, kind);
  if (found) return pageSource(file, pages, found, 'associated', kind);
  if (kind !== 'thumbnail') return { missing: ` has no ${KIND_WORDS[kind]}` };
  const levels = pyramidLevels(format, pages.fields);
  const smallest = levels[levels.length - 1];
  if (!smallest) return { missing: ' has no image to make a thumbnail from' };
  return pageSource(file, pages, smallest, 'smallest-level', kind);
}

/** The directory holding the picture of `kind`, as OpenSlide finds it (see tiffSource). */
export function associated(
  fields: readonly IfdFields[],
  format: SlideFormat,
  kind: SlidePreviewKind,
): IfdFields | undefined {
  const named = (wanted: readonly string[]) =>
    fields.find((field) => wanted.includes(kindOf(field, format) ?? ''));
  switch (kind) {
    case 'label':
      return named(['label']);
    case 'macro':
      if (format === 'hamamatsu-ndpi') return fields.find((field) => field.ndpiSourceLens === -1);
      return named(['macro', 'overview']);
    case 'thumbnail': {
      const described = named(['thumbnail']);
      if (described || format !== 'aperio-svs') return described;
      const second = fields[1];
      return second && !second.tiled && !second.ifd.fromSubIfd && !kindOf(second, format)
        ? second
        : undefined;
    }
  }
}

function kindOf(field: IfdFields, format: SlideFormat): string | undefined {
  // Ventana BIF: "Label Image" / "Label_Image" is the photograph of the whole glass, label included.
  if (format === 'ventana-bif' && /^\s*label[ _]image/i.test(field.description ?? '')) return 'macro';
  return associatedKindOf(field);
}

/** The libvips address of one directory's picture, or why it cannot be decoded. */
export function pageSource(
  file: string,
  pages: TiffPages,
  field: IfdFields,
  origin: 'associated' | 'smallest-level',
  kind: SlidePreviewKind,
): SourceLookup {
  const words = KIND_WORDS[kind];
  const address = pages.addresses.get(field.ifd.offset);
  const width = field.width ?? 0;
  const height = field.height ?? 0;
  if (!address || width <= 0 || height <= 0)
    return { missing: `'s ${words} is stored in a way this app cannot read` };
  const support = codecSupport(field.compression);
  if (support.kind === 'not-checked')
    return { missing: `'s ${words} is compressed as ${support.name}, which this app cannot decode` };
  if (support.kind === 'unknown')
    return { missing: `'s ${words} uses an unknown compression (code ${support.code})` };
  if (origin === 'smallest-level' && width * height > MAX_FALLBACK_PIXELS)
    return {
      missing: ` has no thumbnail image, and its smallest level (${width} × ${height} px) is too large to shrink into one`,
    };
  return { kind: 'tiff-page', file, ...address, width, height, origin };
}
