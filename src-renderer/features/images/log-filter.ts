import type { LogEntry } from '../../../src-shared/api/index.js';

/** The distinct log types, for the type filter. */
export function logTypes(entries: readonly LogEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.type))].sort((a, b) => a.localeCompare(b));
}

/**
 * Entries of one type (null: all), newest first. The server sends them oldest first; ids (or times) order them
 * when present, the server's order otherwise.
 */
export function filterLogs(entries: readonly LogEntry[], type: string | null): LogEntry[] {
  const kept = type === null ? [...entries] : entries.filter((entry) => entry.type === type);
  const indexed = kept.map((entry, index) => ({ entry, index }));
  indexed.sort(
    (a, b) =>
      (b.entry.id ?? 0) - (a.entry.id ?? 0) ||
      (b.entry.adddate ?? '').localeCompare(a.entry.adddate ?? '') ||
      b.index - a.index,
  );
  return indexed.map(({ entry }) => entry);
}
