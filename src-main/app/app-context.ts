import type { AppEvent, AppNotification, AppSettings } from '../../src-shared/app/index.js';
import type { QueueTotals } from '../../src-shared/engine/index.js';
import type { ApiClient } from '../api/index.js';
import type { Connection } from './connection.js';
import type { AppServiceOptions } from './types.js';

export type ServerConnection = Connection & { api: ApiClient };

/** What the command handlers share: the current settings and connection, and the way out for events. */
export interface AppContext {
  readonly options: AppServiceOptions;
  settings(): AppSettings;
  /** The current connection, once start() and any reconnect in progress are done. */
  connection(): Promise<Connection>;
  /** The current connection when it has a server; otherwise a clear AppCommandError saying what to set. */
  server(): Promise<ServerConnection>;
  /** The user uploads and annotations are made for; a clear AppCommandError when none is set. */
  userOf(connection: Pick<Connection, 'userId'>): number;
  emit(event: AppEvent): void;
  /**
   * A notification; `activity` ones (uploads, predictions) are sent only while the notifications setting is
   * on, the others (settings problems) always.
   */
  notify(notification: Omit<AppNotification, 'type'>, activity: boolean): void;
  /** Queue totals from the latest progress event. */
  lastTotals(): QueueTotals | null;
}
