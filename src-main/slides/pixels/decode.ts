import type { PageAddress } from './levels.js';
import { sharpForQc } from './sharp-setup.js';

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type DecodeOutcome =
  | { ok: true }
  /** libvips could not decode the data. `cause` is its first line, for people; `message` is all of it. */
  | { ok: false; kind: 'damaged'; cause: string; message: string }
  /** libvips lacks what this image needs (a codec, a pixel layout): nothing is known about the data. */
  | { ok: false; kind: 'unsupported'; cause: string; message: string }
  /** The file itself went away or could not be opened: not a verdict on its pixels. */
  | { ok: false; kind: 'unopened'; cause: string; message: string };

/**
 * Decodes one region of one page (or the whole page) and throws the pixels away. With random access and a
 * tile-aligned region, libvips reads only the tiles under the region, so a sample costs a few milliseconds
 * whatever the level's size. `limitPixels` is checked against the whole page's size (libvips' guard against
 * decompression bombs), so it must allow the level being sampled.
 */
export async function decode(
  file: string,
  address: PageAddress,
  region: Region | undefined,
  limitPixels: number,
  compression: number | undefined,
): Promise<DecodeOutcome> {
  const sharp = await sharpForQc();
  try {
    const image = sharp(file, {
      page: address.page,
      ...(address.subifd === undefined ? {} : { subifd: address.subifd }),
      failOn: failOnFor(compression),
      // Sequential access would make libvips read every tile row above the region.
      sequentialRead: false,
      limitInputPixels: limitPixels,
    });
    await (region ? image.extract(region) : image).raw().toBuffer();
    return { ok: true };
  } catch (error) {
    return classify(error instanceof Error ? error.message : String(error));
  }
}

/**
 * JPEG tiles are decoded by libvips' own JPEG reader, which raises a real error for damaged data; libjpeg's
 * warnings ("extraneous bytes before marker") are common in intact scanner files, so they must not refuse a
 * slide. Other codecs are libtiff's, and libvips reports their decode failures (a deflate stream that does not
 * inflate, an LZW code not in the table) only as warnings, filling the tile with zeros, so for them a warning
 * is the failure.
 */
function failOnFor(compression: number | undefined): 'error' | 'warning' {
  return compression === 6 || compression === 7 ? 'error' : 'warning';
}

/**
 * What libvips and libtiff say when they lack support (a codec not built in, a pixel layout they do not read).
 * Narrow on purpose: libjpeg's "Unsupported marker type" means damaged data, not a missing feature.
 */
const UNSUPPORTED =
  /not (?:implemented|configured)|unsupported (?:image format|sample|bits|photometric|colou?r|planar|number|extra)|unknown photometric|sorry, can ?not handle/i;
const UNOPENED = /^Input file is missing|permission denied|No such file/i;

function classify(message: string): DecodeOutcome {
  const cause = firstCause(message);
  if (UNOPENED.test(message)) return { ok: false, kind: 'unopened', cause, message };
  if (UNSUPPORTED.test(message)) return { ok: false, kind: 'unsupported', cause, message };
  return { ok: false, kind: 'damaged', cause, message };
}

/** "VipsJpeg: Bogus marker length\ntiff2vips: decompress error tile 0 x 0" → "Bogus marker length". */
function firstCause(message: string): string {
  const line = message.split('\n').find((text) => text.trim() !== '') ?? message;
  return line
    .replace(/^Input file has corrupt header:\s*/i, '')
    .replace(/^\w+:\s*/, '')
    .trim();
}
