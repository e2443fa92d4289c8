import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import { ByteReader } from '../byte-reader.js';
import { readTiffPages } from '../pixels/levels.js';
import { associatedKindOf } from '../tiff/vendors.js';
import { associated, pageSource } from './tiff-sources.js';
import { KIND_WORDS, MAX_FALLBACK_PIXELS, type SourceLookup } from './source.js';

/**
 * An Olympus/Evident VSI slide's previews. The .vsi is a small TIFF whose own picture is cellSens' thumbnail of
 * the slide; a directory whose description names a label or a macro/overview is that picture (the TIFF rule of
 * tiff-sources.ts). cellSens usually keeps the label and overview as pyramids of their own in the "_name_"
 * folder's .ets files, told apart only by its proprietary metadata stream, and an .ets level is a grid of
 * tiles: neither is read here, and the reason says so. No second TIFF reader: the .vsi is read by the one
 * every TIFF-family slide uses.
 */
export async function vsiSource(vsi: string, kind: SlidePreviewKind): Promise<SourceLookup> {
  const words = KIND_WORDS[kind];
  const reader = await ByteReader.open(vsi);
  const pages = await readTiffPages(reader, 'generic-tiff').finally(() => reader.close());
  if (!pages) return { missing: `'s .vsi file cannot be read as a TIFF file, so it has no ${words}` };
  const named = associated(pages.fields, 'generic-tiff', kind);
  const own =
    named ??
    (kind === 'thumbnail'
      ? pages.fields.find((field) => !field.ifd.fromSubIfd && !associatedKindOf(field))
      : undefined);
  if (!own)
    return kind === 'thumbnail'
      ? {
          missing:
            "'s .vsi file holds no picture, and its smallest level in the .ets files is split into tiles this app does not join",
        }
      : {
          missing: ` has no ${words} in its .vsi file (cellSens keeps it in the image data folder, which this app does not read for previews)`,
        };
  // The .vsi's own picture is a few hundred pixels; a claim of millions is damage, not a thumbnail.
  if ((own.width ?? 0) * (own.height ?? 0) > MAX_FALLBACK_PIXELS)
    return {
      missing: `'s ${words} in its .vsi file claims ${own.width} × ${own.height} px, far more than a preview picture`,
    };
  return pageSource(vsi, pages, own, 'associated', kind);
}
