import type { EngineEvent } from '../engine/index.js';
import type { WatcherEvent } from '../watcher/index.js';
import type { AppStatus } from './results.js';
import type { SettingsView } from './settings.js';
import type { UpdateStatus } from './update-status.js';

export interface DownloadProgress {
  type: 'download-progress';
  downloadId: string;
  imageUniqueId: string;
  fileName: string;
  path: string;
  bytes: number;
  total: number | null;
  state: 'running' | 'done' | 'failed';
  error: string | null;
}

/** A message worth a native notification (finished/failed uploads, finished predictions). */
export interface AppNotification {
  type: 'notification';
  /** What it is about, for grouping (a batch of uploads makes one toast); absent for anything else. */
  kind?: 'upload-done' | 'upload-failed' | 'prediction-finished' | undefined;
  level: 'info' | 'warning' | 'error';
  title: string;
  body: string;
  /** The upload it is about: the UI shows one toast per job and state change, whoever else reports it. */
  jobId?: number | undefined;
  /** The technical words behind a failure (request, status, server text), shown one click away. */
  detail?: string | undefined;
}

/** The screens the desktop app menu can open (View → Uploads…). */
export type AppScreen = 'uploads' | 'watch-folders' | 'images' | 'settings';

/** Everything the Node side pushes to the UI: engine and watcher events plus the app's own. */
export type AppEvent =
  | EngineEvent
  | WatcherEvent
  | DownloadProgress
  | AppNotification
  | { type: 'settings-changed'; settings: SettingsView }
  | { type: 'status-changed'; status: AppStatus }
  /** Sent by the Electron shell's menu: show this screen. */
  | { type: 'navigate'; screen: AppScreen }
  /** Sent by the Electron shell's File → Add files…/Add folder…: into the Add slides form, to be described there. */
  | { type: 'stage-paths'; paths: string[] }
  /** Sent by the Electron shell: where the app's self-update stands. */
  | { type: 'update-status'; status: UpdateStatus };

export type AppEventType = AppEvent['type'];
export type AppEventOf<T extends AppEventType> = Extract<AppEvent, { type: T }>;
