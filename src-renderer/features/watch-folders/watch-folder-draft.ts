import {
  watchFolderSettingsSchema,
  type AfterUploadAction,
  type WatchFolderSettings,
} from '../../../src-shared/watcher/index.js';
import { parseWholeNumber } from '../../ui/parse-number.js';
import { parseMetadataDraft, type MetadataDraft, type MetadataErrors } from '../uploads/metadata-draft.js';

export type PollingChoice = 'auto' | 'on' | 'off';

/** The watch folder form as typed. */
export interface WatchFolderDraft {
  path: string;
  /** '' = all levels. */
  depth: string;
  /** Comma or space separated, with or without dots; '' = the known slide types. */
  extensions: string;
  metadata: MetadataDraft;
  /** The PathomIQ user the folder's slides are uploaded as; '' = the app's user. */
  userid: string;
  afterUpload: AfterUploadAction;
  moveSubdir: string;
  polling: PollingChoice;
  stableSeconds: string;
  enabled: boolean;
  deidentify: boolean;
}

export type WatchFolderErrors = Partial<Record<Exclude<keyof WatchFolderDraft, 'metadata'>, string>> & {
  metadata?: MetadataErrors;
};

/** A new folder; `userId` (the app's user, when known) is filled in as the user it uploads as. */
export function emptyWatchDraft(userId: number | null = null): WatchFolderDraft {
  return {
    path: '',
    userid: userId === null ? '' : String(userId),
    depth: '',
    extensions: '',
    metadata: { patient_id: '', entity_id: '', study: '', workarea: '', description: '' },
    afterUpload: 'leave',
    moveSubdir: 'uploaded',
    polling: 'auto',
    stableSeconds: '10',
    enabled: true,
    deidentify: false,
  };
}

export function draftFromFolder(folder: WatchFolderSettings): WatchFolderDraft {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    path: folder.path,
    userid: String(folder.metadata.userid),
    depth: folder.depth === null ? '' : String(folder.depth),
    extensions: folder.includeExtensions.join(', '),
    metadata: {
      patient_id: text(folder.metadata.patient_id),
      entity_id: text(folder.metadata.entity_id),
      study: text(folder.metadata.study),
      workarea: text(folder.metadata.workarea),
      description: folder.metadata.description ?? '',
    },
    afterUpload: folder.afterUpload,
    moveSubdir: folder.moveSubdir ?? 'uploaded',
    polling: folder.usePolling === null ? 'auto' : folder.usePolling ? 'on' : 'off',
    stableSeconds: String(folder.stableSeconds),
    enabled: folder.enabled,
    deidentify: folder.deidentify,
  };
}

/** ".svs, tif ndpi" → [".svs", ".tif", ".ndpi"]. */
export function parseExtensions(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean)
        .map((item) => (item.startsWith('.') ? item : `.${item}`)),
    ),
  ];
}

/**
 * The draft as watch folder settings for `watch.add`/`watch.update` (validated with the same schema the uploader
 * uses), or a message per field. `userId` is the current user: a folder whose user field is empty uploads for them.
 */
export function parseWatchDraft(
  draft: WatchFolderDraft,
  userId: number,
): { ok: true; settings: WatchFolderSettings } | { ok: false; errors: WatchFolderErrors } {
  const errors: WatchFolderErrors = {};
  if (!draft.path.trim()) errors.path = 'Enter the folder to watch, e.g. /data/scanner/out.';
  const depth = parseWholeNumber(draft.depth, 'Depth');
  if (!depth.ok) errors.depth = depth.error;
  else if (depth.value !== undefined && depth.value > 64) errors.depth = 'Depth can be at most 64 levels.';
  const extensions = parseExtensions(draft.extensions);
  const badExtension = extensions.find((extension) => !/^\.[a-z0-9]+$/.test(extension));
  if (badExtension)
    errors.extensions = `"${badExtension}" is not a file extension (letters and digits only, like .svs).`;
  const stable = Number(draft.stableSeconds.trim());
  if (draft.stableSeconds.trim() === '' || !Number.isFinite(stable) || stable < 0.2 || stable > 3600)
    errors.stableSeconds = 'Enter a number of seconds from 0.2 to 3600.';
  const user = parseWholeNumber(draft.userid, 'User ID');
  if (!user.ok) errors.userid = user.error;
  const metadata = parseMetadataDraft(draft.metadata);
  if (!metadata.ok) errors.metadata = metadata.errors;
  const moveSubdir = draft.moveSubdir.trim();
  if (draft.afterUpload === 'move' && !moveSubdir)
    errors.moveSubdir = 'Name the subfolder uploaded files move into.';
  if (Object.keys(errors).length > 0 || !depth.ok || !user.ok || !metadata.ok) return { ok: false, errors };

  const parsed = watchFolderSettingsSchema.safeParse({
    path: draft.path.trim(),
    depth: depth.value ?? null,
    includeExtensions: extensions,
    metadata: { ...metadata.metadata, userid: user.value ?? userId },
    afterUpload: draft.afterUpload,
    moveSubdir: draft.afterUpload === 'move' ? moveSubdir : null,
    usePolling: draft.polling === 'auto' ? null : draft.polling === 'on',
    stableSeconds: stable,
    enabled: draft.enabled,
    deidentify: draft.deidentify,
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'moveSubdir')
      errors.moveSubdir =
        'Use a subfolder name inside the watched folder (no "..", not starting with a slash).';
    else if (field === 'path') errors.path = 'Enter the folder to watch.';
    else errors.path ??= issue.message;
  }
  return { ok: false, errors };
}

/** The errors without those of the given fields (a changed field's error spoke of its old value). */
export function withoutFields(errors: WatchFolderErrors, fields: readonly string[]): WatchFolderErrors {
  if (!fields.some((field) => field in errors)) return errors;
  return Object.fromEntries(
    Object.entries(errors).filter(([field]) => !fields.includes(field)),
  ) as WatchFolderErrors;
}
