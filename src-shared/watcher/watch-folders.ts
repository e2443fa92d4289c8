import { z } from 'zod';

export const AFTER_UPLOAD_ACTIONS = ['leave', 'move', 'delete'] as const;
export type AfterUploadAction = (typeof AFTER_UPLOAD_ACTIONS)[number];

/** A watch folder's settings, as the UI edits them and the CLI saves them (validated where they are received). */
export const watchFolderSettingsSchema = z.object({
  path: z.string().min(1),
  /** Folder levels below `path` to watch; null = all. */
  depth: z.number().int().min(0).max(64).nullable().default(null),
  /** Lower-case extensions with the dot; empty = the known slide extensions. */
  includeExtensions: z.array(z.string().regex(/^\.[a-z0-9]+$/)).default([]),
  metadata: z.object({
    userid: z.number().int().nonnegative(),
    patient_id: z.number().int().nonnegative().optional(),
    entity_id: z.number().int().nonnegative().optional(),
    workarea: z.number().int().nonnegative().optional(),
    study: z.number().int().nonnegative().optional(),
    description: z.string().max(10_000).optional(),
  }),
  afterUpload: z.enum(AFTER_UPLOAD_ACTIONS).default('leave'),
  /** Subfolder (relative, no "..") that uploaded files move into when afterUpload is "move". */
  moveSubdir: z
    .string()
    .regex(/^(?!.*(^|[\\/])\.\.([\\/]|$))[^\\/].*$/, 'a relative subfolder name without ".."')
    .nullable()
    .default(null),
  /** null = decide (network filesystems are polled), false = native events, true = polling. */
  usePolling: z.boolean().nullable().default(null),
  /** A file is ready when its size and mtime did not change for this long. */
  stableSeconds: z.number().min(0.2).max(3600).default(10),
  enabled: z.boolean().default(true),
  /** Upload its slides de-identified (label and macro removed, identifying metadata blanked); off by default. */
  deidentify: z.boolean().default(false),
});
export type WatchFolderSettings = z.output<typeof watchFolderSettingsSchema>;
export type WatchFolderInput = z.input<typeof watchFolderSettingsSchema>;

export type WatchFolderStatus = 'starting' | 'scanning' | 'watching' | 'paused' | 'unreachable' | 'error';

export interface WatchFolderCounts {
  /** Candidate files seen (matching the include extensions). */
  seen: number;
  /** Waiting for the file to stop changing. */
  settling: number;
  queued: number;
  uploaded: number;
  /** Already uploaded before (same file, or same content elsewhere). */
  duplicates: number;
  /** Not a slide, or incomplete. */
  skipped: number;
  /** Recognised but not uploadable yet (multi-file slides). */
  held: number;
  failed: number;
}

export interface WatchFolderView extends WatchFolderSettings {
  id: number;
  status: WatchFolderStatus;
  /** Why it is in that status, in words a technician understands. */
  statusMessage: string | null;
  /** Native events or polling, as actually used. */
  mode: 'events' | 'polling' | null;
  lastFile: { path: string; outcome: string; at: number } | null;
  counts: WatchFolderCounts;
}

export type WatcherEvent =
  | { type: 'watch-folder-updated'; folder: WatchFolderView }
  | { type: 'watch-folder-removed'; folderId: number }
  | {
      type: 'watch-file';
      folderId: number;
      path: string;
      outcome: WatchFileOutcome;
      message: string;
      /** When it happened (ms since the epoch), as the folder's history records it. */
      at: number;
    };

/** found: seen, waiting for its writes to finish; settling: a multi-file slide waiting for all of its files. */
export type WatchFileOutcome =
  | 'found'
  | 'settling'
  | 'checked'
  | 'queued'
  | 'duplicate'
  | 'skipped'
  | 'held'
  | 'uploaded'
  | 'moved'
  | 'deleted'
  | 'failed';
