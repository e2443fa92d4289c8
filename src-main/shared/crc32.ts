import { createRequire } from 'node:module';
import zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, previous?: number) => number;

/**
 * CRC-32 (the zlib/IEEE polynomial S3's `x-amz-checksum-crc32` and ZIP use). @node-rs/crc32 (crc32fast, which uses
 * the CPU's carry-less multiply) takes 0.08 CPU-s per GiB here, zlib's table-driven crc32 0.20–0.33: every part of
 * every multipart upload, and on the sandbox's side every part it verifies, is checksummed once. zlib's is the
 * fallback where no prebuilt binary exists for the platform (Node ≥ 20.15 has it; the engine only offers CRC-32 to
 * a server when one of the two is there). Loaded on first use, so commands that never checksum do not pay for it.
 */
let chosen: Crc32 | null | undefined;

function pick(): Crc32 | null {
  try {
    const { crc32: fast } = createRequire(import.meta.url)('@node-rs/crc32') as { crc32: Crc32 };
    // The standard check value: a binary that loads but computes something else is never used.
    if (fast(Buffer.from('123456789')) === 0xcbf43926) return fast;
  } catch {
    // No binary for this platform or architecture: zlib's below.
  }
  const native = (zlib as { crc32?: Crc32 }).crc32;
  return typeof native === 'function' ? native : null;
}

export const hasNativeCrc32 = typeof (zlib as { crc32?: unknown }).crc32 === 'function' || pick() !== null;

export function crc32(data: Uint8Array, previous = 0): number {
  chosen ??= pick();
  if (!chosen) throw new Error('This Node.js has no zlib.crc32 and @node-rs/crc32 has no binary for it.');
  return chosen(data, previous) >>> 0;
}

/** S3's wire form: base64 of the CRC's 4 bytes, big-endian. */
export function crc32ToBase64(crc: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}

function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let index = 0; vector !== 0; index += 1, vector >>>= 1) if (vector & 1) sum ^= matrix[index]!;
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n += 1) square[n] = gf2Times(matrix, matrix[n]!);
}

/**
 * The CRC-32 of A followed by B from crc(A), crc(B) and B's length (zlib's crc32_combine): how a whole object's
 * CRC-32 follows from its parts' without reading a byte again. Lengths beyond 4 GiB are fine (no 32-bit shifts).
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n += 1, row = (row << 1) >>> 0) odd[n] = row;
  gf2Square(even, odd); // 2 zero bits
  gf2Square(odd, even); // 4 zero bits
  let crc = crcA >>> 0;
  let remaining = lengthB;
  do {
    gf2Square(even, odd);
    if (remaining % 2 === 1) crc = gf2Times(even, crc);
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) break;
    gf2Square(odd, even);
    if (remaining % 2 === 1) crc = gf2Times(odd, crc);
    remaining = Math.floor(remaining / 2);
  } while (remaining !== 0);
  return (crc ^ crcB) >>> 0;
}

/** The whole object's CRC-32 from its parts' (in order). */
export function composeCrc32(parts: ReadonlyArray<{ crc32: number; size: number }>): number {
  return (
    parts.reduce(
      (whole, part, index) => (index === 0 ? part.crc32 : crc32Combine(whole, part.crc32, part.size)),
      0,
    ) >>> 0
  );
}

export const crc32FromBase64 = (value: string): number => Buffer.from(value, 'base64').readUInt32BE(0);
