import { z } from 'zod';
import type { ImageRecord, LogEntry } from '../api/index.js';
import { watchFolderSettingsSchema, type WatchFolderView } from '../watcher/index.js';
import type {
  AddOutcome,
  AnnotationImportResult,
  AppStatus,
  ConnectionTest,
  DownloadStarted,
  ImageRow,
  PredictionXml,
  QueueSnapshot,
} from './results.js';
import { settingsPatchSchema, type SettingsView } from './settings.js';

const id = z.number().int();
const uid = z.string().trim().min(1).max(200);
const noArgs = z.undefined();
const target = z.object({ target: z.union([z.literal('all'), id.positive()]) });
const imageTarget = z.object({ imageUniqueId: uid });
const userIds = z.array(z.number().int().nonnegative()).max(1000);

const jobMetadata = z.object({
  userid: z.number().int().nonnegative().optional(),
  patient_id: z.number().int().nonnegative().optional(),
  entity_id: z.number().int().nonnegative().optional(),
  workarea: z.number().int().nonnegative().optional(),
  study: z.number().int().nonnegative().optional(),
  description: z.string().max(10_000).optional(),
});

/**
 * Patient, entity, study, work area and description of one batch of slides (the user is the app's). Deliberately
 * not a setting: each batch is described afresh, so one patient's id cannot silently follow onto the next slides.
 */
export type BatchMetadata = Omit<z.output<typeof jobMetadata>, 'userid'>;

/**
 * Every command the UI may call, with the zod schema its arguments are validated against on the receiving side
 * (the Electron main process, the engine process, the browser host). Results are typed by {@link CommandResults}.
 */
export const commandArgs = {
  'app.status': noArgs,

  'settings.get': noArgs,
  'settings.update': settingsPatchSchema,
  /** null removes the stored token. */
  'settings.setToken': z.object({ token: z.string().trim().min(1).max(10_000).nullable() }),
  /** Tries a server without saving anything; omitted fields use the current settings. */
  'settings.testConnection': z.object({
    useSandbox: z.boolean().optional(),
    serverUrl: z.string().max(2000).optional(),
    token: z.string().max(10_000).optional(),
    userId: z.number().int().nonnegative().nullable().optional(),
  }),

  'queue.list': noArgs,
  /** Files or folders (folders are searched for slides); userid defaults to the current user. */
  'queue.add': z.object({
    paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
    metadata: jobMetadata.default({}),
    /** Upload even when the same file or content was uploaded before. */
    force: z.boolean().default(false),
  }),
  'queue.pause': target,
  'queue.resume': target,
  'queue.cancel': target,
  'queue.retry': target,
  /** Moves a job before another one (null: to the end). */
  'queue.move': z.object({ jobId: id.positive(), beforeJobId: id.positive().nullable() }),
  'queue.clearFinished': noArgs,
  /** Finished jobs only: the upload is forgotten, so the file (or a copy) is uploaded again when added. */
  'queue.forget': z.object({ jobId: id.positive() }),
  /** Jobs of another server that did not finish there start over on the server the app uses now. */
  'queue.retarget': target,

  'watch.list': noArgs,
  'watch.add': watchFolderSettingsSchema,
  'watch.update': z.object({ id: id.positive(), settings: watchFolderSettingsSchema }),
  'watch.setEnabled': z.object({ id: id.positive(), enabled: z.boolean() }),
  'watch.remove': z.object({ id: id.positive() }),

  /** mine: `GET /Images/userid/:id`; all: `GET /Users/imagelist`, flattened with each row's owner. */
  'images.list': z.object({ scope: z.enum(['mine', 'all']) }),
  'images.delete': imageTarget,
  'images.share': z.object({
    imageUniqueId: uid,
    action: z.enum(['adduser', 'removeuser', 'updateuser']),
    userIds,
  }),
  /** Downloads the image file into the download folder; progress arrives as `download-progress` events. */
  'images.download': imageTarget,
  'predictions.start': imageTarget,
  'predictions.stop': imageTarget,
  /** null: every log entry the server keeps. */
  'logs.list': z.object({ imageUniqueId: uid.nullable() }),
  'annotations.import': z.object({
    imageUniqueId: uid,
    fileName: z.string().min(1).max(500),
    xml: z.string().max(200 * 1024 * 1024),
  }),
  'annotations.exportPrediction': imageTarget,

  /** Desktop-only helpers; the browser host answers `supported: false` and the UI offers typing a path instead. */
  'platform.pickPaths': z.object({ kind: z.enum(['files', 'folder']) }),
  'platform.showInFolder': z.object({ path: z.string().min(1).max(4096) }),
  'platform.openExternal': z.object({ url: z.string().max(2000) }),
} as const;

export interface CommandResults {
  'app.status': AppStatus;
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'settings.setToken': SettingsView;
  'settings.testConnection': ConnectionTest;
  'queue.list': QueueSnapshot;
  'queue.add': AddOutcome[];
  'queue.pause': void;
  'queue.resume': void;
  'queue.cancel': void;
  'queue.retry': void;
  'queue.move': void;
  'queue.clearFinished': { removed: number };
  'queue.forget': void;
  'queue.retarget': { moved: number };
  'watch.list': WatchFolderView[];
  'watch.add': WatchFolderView;
  'watch.update': WatchFolderView;
  'watch.setEnabled': WatchFolderView;
  'watch.remove': void;
  'images.list': ImageRow[];
  'images.delete': { status: string };
  'images.share': ImageRecord;
  'images.download': DownloadStarted;
  'predictions.start': ImageRecord;
  'predictions.stop': ImageRecord;
  'logs.list': LogEntry[];
  'annotations.import': AnnotationImportResult;
  'annotations.exportPrediction': PredictionXml;
  'platform.pickPaths': { supported: boolean; paths: string[] };
  'platform.showInFolder': { supported: boolean };
  'platform.openExternal': { opened: boolean };
}

export type CommandName = keyof typeof commandArgs;
export type CommandArgs<K extends CommandName> = z.input<(typeof commandArgs)[K]>;
export type ParsedCommandArgs<K extends CommandName> = z.output<(typeof commandArgs)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];

/** The handler map: what the Node side implements (receiving validated arguments). */
export type AppHandlers = {
  [K in CommandName]: (args: ParsedCommandArgs<K>) => Promise<CommandResult<K>>;
};

/** Arguments as a rest tuple, so commands without arguments are called as `send('queue.list')`. */
export type SendArgs<K extends CommandName> =
  undefined extends CommandArgs<K> ? [args?: CommandArgs<K>] : [args: CommandArgs<K>];

/** What the UI calls: `send('images.list', { scope: 'mine' })` resolves to `ImageRow[]`. */
export type Send = <K extends CommandName>(name: K, ...args: SendArgs<K>) => Promise<CommandResult<K>>;

export const COMMAND_NAMES = Object.keys(commandArgs) as CommandName[];
export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && Object.hasOwn(commandArgs, name);
