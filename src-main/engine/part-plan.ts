import { S3_MAX_PART_SIZE, S3_MAX_PARTS, S3_MIN_PART_SIZE } from '../../src-shared/api/index.js';

const MiB = 1024 * 1024;
// 8 MiB keeps memory low (concurrency × part size is held in memory) with few enough requests per GiB.
export const DEFAULT_PART_SIZE = 8 * MiB;

export interface PartLimits {
  minPartSize: number;
  maxPartSize: number;
  maxParts: number;
}

export const S3_LIMITS: PartLimits = {
  minPartSize: S3_MIN_PART_SIZE,
  maxPartSize: S3_MAX_PART_SIZE,
  maxParts: S3_MAX_PARTS,
};

/**
 * Part size for a file: the requested (or default) size, raised so the file fits in the part limit, within the
 * store's bounds, in whole MiB. Larger parts mean fewer requests; the engine holds `concurrency` parts in memory.
 */
export function choosePartSize(
  fileSize: number,
  requested = DEFAULT_PART_SIZE,
  limits: PartLimits = S3_LIMITS,
): number {
  const needed = Math.ceil(fileSize / limits.maxParts);
  const size = Math.max(requested, needed, limits.minPartSize);
  const rounded = Math.ceil(size / MiB) * MiB;
  if (rounded > limits.maxPartSize) {
    throw new RangeError(
      `A ${fileSize}-byte file does not fit in ${limits.maxParts} parts of at most ${limits.maxPartSize} bytes.`,
    );
  }
  return rounded;
}

export interface PartSpan {
  partNumber: number;
  offset: number;
  size: number;
}

/** The parts of a file, 1-based as S3 numbers them; a 0-byte file is one empty part. */
export function planParts(fileSize: number, partSize: number): PartSpan[] {
  const count = Math.max(1, Math.ceil(fileSize / partSize));
  return Array.from({ length: count }, (_, index) => {
    const offset = index * partSize;
    return { partNumber: index + 1, offset, size: Math.min(partSize, fileSize - offset) };
  });
}
