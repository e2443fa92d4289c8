import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  composeCrc32,
  crc32,
  crc32FromBase64,
  crc32ToBase64,
  hasNativeCrc32,
} from '../../../src-main/shared/crc32.js';

/** zlib's crc32 is the reference the fast one must match bit for bit (Node ≥ 20.15). */
const reference = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

describe('crc32 (the part checksum S3 verifies, and ZIP entries)', () => {
  it('is available and gives the standard check value', () => {
    expect(hasNativeCrc32).toBe(true);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with zlib on random data of awkward lengths, chained or in one go', () => {
    for (const length of [1, 3, 15, 16, 17, 63, 64, 65, 4095, 65_537, 1_048_579]) {
      const data = randomBytes(length);
      const whole = crc32(data);
      if (reference) expect(whole).toBe(reference(data) >>> 0);
      const cut = Math.floor(length / 3);
      expect(crc32(data.subarray(cut), crc32(data.subarray(0, cut)))).toBe(whole);
    }
  });

  it('reads part buffers in shared memory (the pool the hash worker also reads) and views at an offset', () => {
    const data = randomBytes(1024 * 1024 + 7);
    const shared = Buffer.from(new SharedArrayBuffer(data.length + 5));
    data.copy(shared, 5);
    expect(crc32(shared.subarray(5))).toBe(crc32(data));
  });

  it("composes a whole object's CRC-32 from its parts and round-trips S3's base64 form", () => {
    const parts = [randomBytes(5000), randomBytes(1), randomBytes(70_000)];
    const whole = crc32(Buffer.concat(parts));
    expect(composeCrc32(parts.map((part) => ({ crc32: crc32(part), size: part.length })))).toBe(whole);
    expect(crc32FromBase64(crc32ToBase64(whole))).toBe(whole);
    expect(crc32ToBase64(0xcbf43926)).toBe('y/Q5Jg==');
  });
});
