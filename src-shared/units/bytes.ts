/**
 * The one unit system of the uploader: binary units (1 KiB = 1024 B, 1 MiB = 1024 KiB, ...), and MiB/s for speeds
 * and the bandwidth limit. The UI, the CLI and the lines written to the server's log all format through here, so a
 * size or a speed reads the same wherever it is seen, and "5" in Settings means what `--limit-rate 5M` means.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * 0 B, 1023 B, 1.5 KiB, 12 MiB, 120 GiB: whole bytes below 1 KiB, then three significant digits at most (one
 * decimal below 10), so a column of sizes stays narrow. "—" for a size that is not known.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < KiB) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  // 1023.6 KiB would print as "1024 KiB": promote at the rounding edge, not at 1024 itself.
  while (value >= 1023.5 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 9.95 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** "12 MiB/s"; "—" when there is no speed to show. */
export function formatSpeed(bytesPerSecond: number | null | undefined): string {
  if (!bytesPerSecond || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  return `${formatBytes(bytesPerSecond)}/s`;
}

const RATE_UNITS: Record<string, number> = { '': 1, K: KiB, M: MiB, G: GiB };

/**
 * Parses a rate as rclone and curl do, in binary units: "20M" = 20 MiB/s, "500K", "1.5G", "1000" bytes/s; "20MiB/s"
 * and "20MB/s" are read the same (M is always MiB here, see the README's unit rule).
 */
export function parseRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B?)?(?:\/s)?\s*$/i.exec(text);
  if (!match)
    throw new Error(`"${text}" is not a rate; use e.g. 500K, 20M or 1G (bytes per second, binary units).`);
  return Math.round(Number(match[1]) * (RATE_UNITS[match[2]!.toUpperCase()] ?? 1));
}

/** Bytes per second as MiB/s for a form field: 2621440 → "2.5"; at most three decimals. */
export function mibPerSecondText(bytesPerSecond: number): string {
  return String(Number((bytesPerSecond / MiB).toFixed(3)));
}
