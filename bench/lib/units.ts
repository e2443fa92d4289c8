export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
/** Decimal megabyte: the RSS target says "150 MB", and the decimal reading is the stricter one. */
export const MB = 1_000_000;

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle]!;
  return sorted.length % 2 === 1 ? upper : (sorted[middle - 1]! + upper) / 2;
}

export const mibPerSecond = (bytes: number, seconds: number): number => bytes / MiB / seconds;

/** "1 GiB", "256 MiB", "1000 × 1 MiB"-style sizes for headings. */
export function formatSize(bytes: number): string {
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

export const fixed = (value: number, digits = 2): string => value.toFixed(digits);
export const formatMiB = (bytes: number, digits = 1): string => `${(bytes / MiB).toFixed(digits)} MiB`;
export const formatMB = (bytes: number, digits = 1): string => `${(bytes / MB).toFixed(digits)} MB`;
