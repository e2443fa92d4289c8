import { z } from 'zod';
import type { CommandName } from './command-names.js';
import type { ImageRecord, LogEntry } from '../api/index.js';
import type { JobView } from '../engine/index.js';
import {
  watchFolderSettingsSchema,
  watchHistoryArgsSchema,
  type WatchFolderView,
  type WatchHistoryPage,
} from '../watcher/index.js';
import type {
  AddOutcome,
  AnnotationImportResult,
  AppStatus,
  ConnectionTest,
  DownloadStarted,
  ImageRow,
  PredictionXml,
  QueueSnapshot,
  SlidePreview,
  SlideQcReport,
} from './results.js';
import { settingsPatchSchema, type SettingsView } from './settings.js';
import { browseArgsSchema, type FolderListing } from './browse.js';

const id = z.number().int();
/** The most jobs one page of the queue (`queue.list { first }`, `queue.jobs`) carries. */
export const QUEUE_PAGE_MAX = 5000;
const uid = z.string().trim().min(1).max(200);
const noArgs = z.undefined();
const target = z.object({ target: z.union([z.literal('all'), id.positive()]) });
const imageTarget = z.object({ imageUniqueId: uid });
const annotationFormat = z.enum(['imagescope', 'geojson']);
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

/** A result declared by its type only: results come from our own Node side, so nothing checks them at runtime. */
const returns = <T>() => z.custom<T>();

/** One command: the schema its arguments are validated against on the receiving side, and what it answers. */
interface CommandDeclaration {
  args: z.ZodType;
  result: z.ZodType;
}

/**
 * Every command the UI (and the command line) may call, declared once: the zod schema its arguments are validated
 * against on the receiving side (the Electron main process, the engine process, the browser host, the CLI) and the
 * type of its result. Keyed by exactly the names of command-names.ts.
 */
export const commands = {
  'app.status': { args: noArgs, result: returns<AppStatus>() },

  'settings.get': { args: noArgs, result: returns<SettingsView>() },
  'settings.update': { args: settingsPatchSchema, result: returns<SettingsView>() },
  /** null removes the stored token. */
  'settings.setToken': {
    args: z.object({ token: z.string().trim().min(1).max(10_000).nullable() }),
    result: returns<SettingsView>(),
  },
  /** Tries a server without saving anything; omitted fields use the current settings. */
  'settings.testConnection': {
    args: z.object({
      useSandbox: z.boolean().optional(),
      serverUrl: z.string().max(2000).optional(),
      token: z.string().max(10_000).optional(),
      userId: z.number().int().nonnegative().nullable().optional(),
    }),
    result: returns<ConnectionTest>(),
  },

  /**
   * The queue. Without arguments every job; with `first`, the first jobs in queue order and every job's id
   * (`order`): a window shows a queue of 10,000 without waiting for all of it, then fetches the rest by id.
   */
  'queue.list': {
    args: z
      .object({ first: z.number().int().positive().max(QUEUE_PAGE_MAX) })
      .strict()
      .optional(),
    result: returns<QueueSnapshot>(),
  },
  /** Jobs of the list by id (at most QUEUE_PAGE_MAX); ids no longer listed are left out of the answer. */
  'queue.jobs': {
    args: z.object({ ids: z.array(id.positive()).min(1).max(QUEUE_PAGE_MAX) }).strict(),
    result: returns<JobView[]>(),
  },
  /** Files or folders (folders are searched for slides); userid defaults to the current user. */
  'queue.add': {
    args: z.object({
      paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
      metadata: jobMetadata.default({}),
      /** Upload even when the same file or content was uploaded before. */
      force: z.boolean().default(false),
      /** Upload de-identified (label and macro removed, identifying metadata blanked); omitted: the Settings default. */
      deidentify: z.boolean().optional(),
    }),
    result: returns<AddOutcome[]>(),
  },
  'queue.pause': { args: target, result: returns<void>() },
  'queue.resume': { args: target, result: returns<void>() },
  'queue.cancel': { args: target, result: returns<void>() },
  'queue.retry': { args: target, result: returns<void>() },
  /** Moves a job before another one (null: to the end). */
  'queue.move': {
    args: z.object({ jobId: id.positive(), beforeJobId: id.positive().nullable() }),
    result: returns<void>(),
  },
  'queue.clearFinished': { args: noArgs, result: returns<{ removed: number }>() },
  /** Finished jobs only: the upload is forgotten, so the file (or a copy) is uploaded again when added. */
  'queue.forget': { args: z.object({ jobId: id.positive() }), result: returns<void>() },
  /** Jobs of another server that did not finish there start over on the server the app uses now. */
  'queue.retarget': { args: target, result: returns<{ moved: number }>() },

  'watch.list': { args: noArgs, result: returns<WatchFolderView[]>() },
  'watch.add': { args: watchFolderSettingsSchema, result: returns<WatchFolderView>() },
  'watch.update': {
    args: z.object({ id: id.positive(), settings: watchFolderSettingsSchema }),
    result: returns<WatchFolderView>(),
  },
  'watch.setEnabled': {
    args: z.object({ id: id.positive(), enabled: z.boolean() }),
    result: returns<WatchFolderView>(),
  },
  'watch.remove': { args: z.object({ id: id.positive() }), result: returns<void>() },

  /** mine: `GET /Images/userid/:id`; all: `GET /Users/imagelist`, flattened with each row's owner. */
  'images.list': { args: z.object({ scope: z.enum(['mine', 'all']) }), result: returns<ImageRow[]>() },
  /** One image as the server lists it now (the user's own list first, then every user's). */
  'images.get': { args: imageTarget, result: returns<ImageRecord>() },
  /** Slide QC's full report on one file (structure, members, pixel QC), without queueing it. */
  'slides.inspect': {
    args: z.object({ path: z.string().min(1).max(4096) }),
    result: returns<SlideQcReport>(),
  },
  /**
   * A slide's thumbnail, label or macro picture, made on first request and cached on disk by content; a file
   * without that picture answers `available: false` with the reason. Either a path or a queue job.
   */
  'slides.preview': {
    args: z.union([
      z.object({ path: z.string().min(1).max(4096), kind: z.enum(['thumbnail', 'label', 'macro']) }),
      z.object({ jobId: id.positive(), kind: z.enum(['thumbnail', 'label', 'macro']) }),
    ]),
    result: returns<SlidePreview>(),
  },
  'images.delete': { args: imageTarget, result: returns<{ status: string }>() },
  'images.share': {
    args: z.object({
      imageUniqueId: uid,
      action: z.enum(['adduser', 'removeuser', 'updateuser']),
      userIds,
    }),
    result: returns<ImageRecord>(),
  },
  /**
   * Downloads the image file in the background; progress (and the end) arrive as `download-progress` events.
   * Without `to`: into the download folder under a free name. With `to` (the command line's --out): into that
   * folder, under `fileName` or the image's own name, refusing to replace a file unless `replace`.
   */
  'images.download': {
    args: z.object({
      imageUniqueId: uid,
      to: z
        .object({
          folder: z.string().min(1).max(4096),
          fileName: z.string().min(1).max(500).optional(),
          replace: z.boolean().default(false),
        })
        .optional(),
    }),
    result: returns<DownloadStarted>(),
  },
  'predictions.start': { args: imageTarget, result: returns<ImageRecord>() },
  'predictions.stop': { args: imageTarget, result: returns<ImageRecord>() },
  /** null: every log entry the server keeps. */
  'logs.list': { args: z.object({ imageUniqueId: uid.nullable() }), result: returns<LogEntry[]>() },
  'annotations.import': {
    args: z.object({
      imageUniqueId: uid,
      fileName: z.string().min(1).max(500),
      /** The file's text: ImageScope XML, or QuPath GeoJSON when `format` says so (converted before sending). */
      xml: z.string().max(200 * 1024 * 1024),
      /** Default: chosen by the file name (.geojson/.json are GeoJSON), else ImageScope XML. */
      format: annotationFormat.optional(),
    }),
    result: returns<AnnotationImportResult>(),
  },
  'annotations.exportPrediction': {
    /** `format: 'geojson'` converts the server's ImageScope XML for QuPath. */
    args: imageTarget.extend({ format: annotationFormat.optional() }),
    result: returns<PredictionXml>(),
  },

  /** Desktop-only helpers; the browser host answers `supported: false` and the UI offers typing a path instead. */
  'platform.pickPaths': {
    args: z.object({ kind: z.enum(['files', 'folder']) }),
    result: returns<{ supported: boolean; paths: string[] }>(),
  },
  'platform.showInFolder': {
    args: z.object({ path: z.string().min(1).max(4096) }),
    result: returns<{ supported: boolean }>(),
  },
  'platform.openExternal': {
    args: z.object({ url: z.string().max(2000) }),
    result: returns<{ opened: boolean }>(),
  },
  /** One folder of the host machine, for the in-app file browser (a browser tab cannot open a native dialog). */
  'files.browse': { args: browseArgsSchema, result: returns<FolderListing>() },
  /** What happened to a watch folder's files (found, checked, queued, uploaded, skipped and why…), newest first. */
  'watch.history': { args: watchHistoryArgsSchema, result: returns<WatchHistoryPage>() },
} as const satisfies { [K in CommandName]: CommandDeclaration };

type Declared<K extends CommandName> = (typeof commands)[K];
export type CommandArgs<K extends CommandName> = z.input<Declared<K>['args']>;
export type ParsedCommandArgs<K extends CommandName> = z.output<Declared<K>['args']>;
export type CommandResult<K extends CommandName> = z.output<Declared<K>['result']>;
export type CommandResults = { [K in CommandName]: CommandResult<K> };

/** The handler map: what the Node side implements (receiving validated arguments). */
export type AppHandlers = {
  [K in CommandName]: (args: ParsedCommandArgs<K>) => Promise<CommandResult<K>>;
};

/** Arguments as a rest tuple, so commands without arguments are called as `send('queue.list')`. */
export type SendArgs<K extends CommandName> =
  undefined extends CommandArgs<K> ? [args?: CommandArgs<K>] : [args: CommandArgs<K>];

/** What the UI calls: `send('images.list', { scope: 'mine' })` resolves to `ImageRow[]`. */
export type Send = <K extends CommandName>(name: K, ...args: SendArgs<K>) => Promise<CommandResult<K>>;

export { COMMAND_NAMES, isCommandName, type CommandName } from './command-names.js';
