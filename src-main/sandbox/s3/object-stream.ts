import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { BlobStore } from './blobs.js';
import { STREAM_HIGH_WATER_MARK } from './body-writer.js';
import type { ObjectManifest } from './objects.js';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * Streams an inclusive byte range of an object by reading its blobs in order, so a multipart object is
 * served straight from its part files (ranges may span part boundaries). The blobs stay leased until the
 * stream closes, whether it ended, failed or was destroyed by the consumer.
 */
export function openObjectStream(blobs: BlobStore, manifest: ObjectManifest, range: ByteRange): Readable {
  const slices = slicesFor(manifest, range);
  const release = blobs.lease(slices.map((slice) => slice.blob));
  let stream: Readable;
  const only = slices.length === 1 ? slices[0] : undefined;
  if (only) {
    stream = readSlice(blobs, only);
  } else {
    stream = Readable.from(concatenate(blobs, slices), {
      objectMode: false,
      highWaterMark: STREAM_HIGH_WATER_MARK,
    });
  }
  stream.once('close', release);
  return stream;
}

interface BlobSlice {
  blob: string;
  start: number;
  end: number;
}

function slicesFor(manifest: ObjectManifest, range: ByteRange): BlobSlice[] {
  const slices: BlobSlice[] = [];
  let offset = 0;
  for (const part of manifest.parts) {
    const partStart = offset;
    const partEnd = offset + part.size - 1;
    offset += part.size;
    if (part.size === 0 || partEnd < range.start) continue;
    if (partStart > range.end) break;
    slices.push({
      blob: part.blob,
      start: Math.max(range.start, partStart) - partStart,
      end: Math.min(range.end, partEnd) - partStart,
    });
  }
  return slices;
}

function readSlice(blobs: BlobStore, slice: BlobSlice): Readable {
  return createReadStream(blobs.path(slice.blob), {
    start: slice.start,
    end: slice.end,
    highWaterMark: STREAM_HIGH_WATER_MARK,
  });
}

async function* concatenate(blobs: BlobStore, slices: readonly BlobSlice[]): AsyncGenerator<Buffer> {
  for (const slice of slices) {
    // `yield*` hands a consumer's early return on to the file stream, which then closes its descriptor.
    yield* readSlice(blobs, slice) as AsyncIterable<Buffer>;
  }
}
