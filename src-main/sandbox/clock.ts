/** Timestamps in the server's format: "2022-08-17 06:59:27.530508" (UTC, microseconds). */
export function serverTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace('Z', '000');
}
