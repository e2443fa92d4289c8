import { createHash, timingSafeEqual, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from '../../shared/crc32.js';
import { s3Errors, type S3StoreError } from './errors.js';
import { removeFileQuietly } from './fs-utils.js';

/** Large buffers keep per-chunk overhead low when gigabytes stream through. */
export const STREAM_HIGH_WATER_MARK = 1024 * 1024;

export interface BodyChecks {
  /** Decoded Content-MD5 header: the body must hash to it (BadDigest). */
  contentMd5?: Buffer;
  /** Decoded x-amz-checksum-crc32 header: the body's CRC-32 must equal it (BadDigest). */
  crc32?: number;
  /** Hex x-amz-content-sha256 from a signed request: the body must hash to it. */
  sha256Hex?: string;
  /** Content-Length: a body of any other length is incomplete. */
  expectedLength?: number;
  /** Beyond this many bytes the rest is drained unwritten and `tooLarge()` is thrown once the body ends. */
  maxBytes?: number;
  tooLarge?: () => S3StoreError;
}

export interface WrittenBody {
  size: number;
  md5: Buffer;
  /** The body's CRC-32 when the request carried one to check. */
  crc32?: number;
}

/**
 * Streams a body into `path`, hashing on the way, and verifies it once it has ended. Any failure
 * removes the file, so a caller only ever sees a complete, verified file.
 */
export async function writeBodyToFile(
  source: Readable,
  path: string,
  checks: BodyChecks = {},
): Promise<WrittenBody> {
  const digest = new DigestingPassThrough(
    checks.maxBytes ?? Number.POSITIVE_INFINITY,
    checks.sha256Hex !== undefined,
    checks.crc32 !== undefined,
  );
  try {
    await pipeline(source, digest, createWriteStream(path, { highWaterMark: STREAM_HIGH_WATER_MARK }));
    const md5 = digest.md5.digest();
    if (digest.overflowed) throw (checks.tooLarge ?? s3Errors.entityTooLarge)();
    if (checks.expectedLength !== undefined && digest.size !== checks.expectedLength)
      throw s3Errors.incompleteBody();
    if (checks.contentMd5 && !sameBytes(md5, checks.contentMd5)) throw s3Errors.badDigest();
    if (checks.sha256Hex !== undefined && digest.sha256?.digest('hex') !== checks.sha256Hex) {
      throw s3Errors.sha256Mismatch();
    }
    if (checks.crc32 !== undefined && digest.crc32 !== checks.crc32) throw s3Errors.badChecksum('CRC32');
    return { size: digest.size, md5, ...(checks.crc32 !== undefined ? { crc32: digest.crc32 } : {}) };
  } catch (error) {
    await removeFileQuietly(path);
    throw error;
  }
}

/** Decodes an x-amz-checksum-crc32 header (base64 of 4 big-endian bytes); InvalidRequest when malformed. */
export function parseChecksumCrc32(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const bytes = Buffer.from(header.trim(), 'base64');
  if (bytes.length !== 4 || bytes.toString('base64') !== header.trim())
    throw s3Errors.invalidRequest('Value for x-amz-checksum-crc32 header is invalid.');
  return bytes.readUInt32BE(0);
}

/** Decodes a Content-MD5 header (base64 of 16 bytes); undefined when absent; InvalidDigest when malformed. */
export function parseContentMd5(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const bytes = Buffer.from(header.trim(), 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== header.trim()) throw s3Errors.invalidDigest();
  return bytes;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

class DigestingPassThrough extends Transform {
  readonly md5: Hash = createHash('md5');
  readonly sha256: Hash | undefined;
  size = 0;
  overflowed = false;
  crc32: number | undefined;

  constructor(
    private readonly maxBytes: number,
    wantSha256: boolean,
    wantCrc32: boolean,
  ) {
    super({ highWaterMark: STREAM_HIGH_WATER_MARK });
    this.sha256 = wantSha256 ? createHash('sha256') : undefined;
    this.crc32 = wantCrc32 ? 0 : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      // Keep consuming (so the client can still read our error response) but stop storing.
      this.overflowed = true;
      callback();
      return;
    }
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    if (this.crc32 !== undefined) this.crc32 = crc32(chunk, this.crc32);
    callback(null, chunk);
  }
}
