import type { BytePatch } from './plan.js';

export interface Range {
  offset: number;
  length: number;
}

/** Whether any range of `a` shares a byte with any range of `b` (sort and sweep: slides have 100,000s of tiles). */
export function overlapsAny(a: readonly Range[], b: readonly Range[]): boolean {
  const merged = mergeRanges(b);
  const starts = merged.map((range) => range.offset);
  for (const range of a) {
    // The last merged range starting before this one ends is the only one that can overlap it.
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    const end = range.offset + range.length;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < end) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const candidate = merged[found];
    if (candidate && candidate.offset + candidate.length > range.offset) return true;
  }
  return false;
}

function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter((range) => range.length > 0).sort((x, y) => x.offset - y.offset);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.offset <= last.offset + last.length)
      last.length = Math.max(last.length, range.offset + range.length - last.offset);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * Patches sorted by offset, zero-fills that touch merged into one; undefined when a replacement overlaps anything
 * else (two different new values for one byte: the layout is not one we understand).
 */
export function mergePatches(patches: readonly BytePatch[]): BytePatch[] | undefined {
  const sorted = [...patches].sort((x, y) => x.offset - y.offset);
  const merged: BytePatch[] = [];
  for (const patch of sorted) {
    const last = merged.at(-1);
    if (!last || patch.offset >= last.offset + last.length) {
      const next: BytePatch = { offset: patch.offset, length: patch.length };
      if (patch.bytes !== undefined) next.bytes = patch.bytes;
      merged.push(next);
      continue;
    }
    // One value shared by two directories is blanked once.
    if (patch.offset === last.offset && patch.length === last.length && patch.bytes === last.bytes) continue;
    if (last.bytes !== undefined || patch.bytes !== undefined) return undefined;
    last.length = Math.max(last.length, patch.offset + patch.length - last.offset);
  }
  return merged;
}
