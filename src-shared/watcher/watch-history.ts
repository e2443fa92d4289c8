import { z } from 'zod';
import type { WatchFileOutcome } from './watch-folders.js';

/** Every outcome a watched file's history can show, in the order a file meets them. */
export const WATCH_FILE_OUTCOMES = [
  'found',
  'settling',
  'checked',
  'queued',
  'uploaded',
  'moved',
  'deleted',
  'duplicate',
  'skipped',
  'held',
  'failed',
] as const satisfies readonly WatchFileOutcome[];

/** One thing that happened to one file of a watch folder. */
export interface WatchHistoryEntry {
  /** Increasing per app (durable ones from SQLite, transient ones from memory): the paging cursor. */
  id: number;
  folderId: number;
  path: string;
  outcome: WatchFileOutcome;
  message: string;
  at: number;
}

/** How many entries each folder keeps; older ones are pruned as new ones arrive. */
export const WATCH_HISTORY_CAP = 2000;

export const watchHistoryArgsSchema = z.object({
  folderId: z.number().int(),
  /** Case-insensitive substring of the file's path or the message. */
  query: z.string().max(500).optional(),
  outcomes: z.array(z.enum(WATCH_FILE_OUTCOMES)).max(WATCH_FILE_OUTCOMES.length).optional(),
  limit: z.number().int().min(1).max(WATCH_HISTORY_CAP).default(100),
  /** Entries older than this id (the last id of the previous page). */
  before: z.number().int().optional(),
});
export type WatchHistoryArgs = z.output<typeof watchHistoryArgsSchema>;

export interface WatchHistoryPage {
  /** Newest first. */
  entries: WatchHistoryEntry[];
  /** More (older) entries match: ask again with `before` = the last entry's id. */
  more: boolean;
}
