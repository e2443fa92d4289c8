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
  const stream = Readable.from(concatenate(blobs, slices), {
    objectMode: false,
    highWaterMark: STREAM_HIGH_WATER_MARK,
  });
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

/**
 * A blob cut short after the pre-flight check would otherwise just end early; failing the stream instead makes
 * the server cut the connection, which no client mistakes for a complete body.
 */
async function* concatenate(blobs: BlobStore, slices: readonly BlobSlice[]): AsyncGenerator<Buffer> {
  for (const slice of slices) {
    let read = 0;
    // `for await` hands a consumer's early return on to the file stream, which then closes its descriptor.
    for await (const chunk of readSlice(blobs, slice) as AsyncIterable<Buffer>) {
      read += chunk.length;
      yield chunk;
    }
    const expected = slice.end - slice.start + 1;
    if (read !== expected) throw new Error(`blob ${slice.blob} ended after ${read} of ${expected} bytes`);
  }
}
