/** The image's `shared` column is a comma-separated string of user ids, e.g. "19" or "19,20". */

export function parseSharedUserIds(shared: string | null | undefined): number[] {
  if (!shared) return [];
  const ids = shared
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
  return [...new Set(ids)];
}

export function formatSharedUserIds(ids: readonly number[]): string {
  return [...new Set(ids)].join(',');
}
