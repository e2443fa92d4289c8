import type { SlidePreviewKind } from '../../../src-shared/app/index.js';

/** Where one preview picture's pixels are, once the slide's structure has been read. */
export type PreviewSource =
  | {
      /** A directory of a TIFF-family file, as libvips addresses it. */
      kind: 'tiff-page';
      file: string;
      page: number;
      subifd?: number;
      width: number;
      height: number;
      origin: 'associated' | 'smallest-level';
    }
  | {
      /** A whole encoded image (a DICOM instance's single JPEG frame) or raw 8-bit pixels. */
      kind: 'bytes';
      bytes: Buffer;
      raw?: { width: number; height: number; channels: 1 | 3 };
      /** Keep only the top-left part (a frame padded past the image). */
      crop?: { width: number; height: number } | undefined;
      width: number;
      height: number;
      origin: 'associated' | 'smallest-level';
    };

/** A picture the slide has not got (or that cannot be made): the rest of a sentence that starts with its name. */
export interface PreviewMissing {
  missing: string;
}

export type SourceLookup = PreviewSource | PreviewMissing;

export const isMissing = (lookup: SourceLookup): lookup is PreviewMissing => 'missing' in lookup;

export const KIND_WORDS: Record<SlidePreviewKind, string> = {
  thumbnail: 'thumbnail',
  label: 'label image',
  macro: 'macro (whole-glass) image',
};

/**
 * The smallest level is scaled down to a thumbnail only up to this size: a flat 50,000-pixel scan would take
 * seconds and gigabytes to decode just to be shrunk to 320 px.
 */
export const MAX_FALLBACK_PIXELS = 8192 * 8192;
