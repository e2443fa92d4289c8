import type { AppClient, AppStatus } from '../../src-shared/app/index.js';
import type { ConnectionSource } from '../platform/connection.js';
import { describeError } from './describe-error.js';
import { routeEvent } from './event-router.js';
import { loadQueue } from './queue-loader.js';
import { useStatusStore } from './status-store.js';
import { useWatchStore } from './watch-store.js';

/**
 * Loads everything the stores hold (status, settings, queue by page, watch folders). Each part fails on its own so one
 * slow or broken command does not blank the whole window.
 */
export async function loadAll(client: AppClient): Promise<void> {
  const status = useStatusStore.getState();
  const watch = useWatchStore.getState();
  await Promise.all([
    client.send('app.status').then(
      (result) => {
        status.setStatus(result);
        status.setLoadError(null);
      },
      (error: unknown) => status.setLoadError(describeError(error)),
    ),
    client.send('settings.get').then(
      (result) => status.setSettings(result),
      () => undefined, // app.status failing says enough; Settings shows its own error.
    ),
    loadQueue(client),
    client.send('watch.list').then(
      (result) => watch.load(result),
      (error: unknown) => watch.setLoadError(describeError(error)),
    ),
  ]);
}

/**
 * Whether the app now talks to another server than before. Every job's `elsewhere` is relative to that server,
 * and the engine sends no event per job when it changes, so the queue must be listed afresh.
 */
export function serverChanged(before: AppStatus | null, after: AppStatus): boolean {
  if (!before) return false; // the first status: loadAll lists the queue anyway
  const [was, is] = [before.server, after.server];
  return was.url !== is.url || was.sandbox !== is.sandbox || was.label !== is.label;
}

/**
 * Wires the stores to the uploader: one event subscription, the first load, a fresh load after the link comes
 * back (events sent while it was down are lost), and a fresh queue when the server changes. Returns the
 * unsubscribe.
 */
export function connectStores(client: AppClient, connection: ConnectionSource): () => void {
  const offEvents = client.on((event) => {
    const before = useStatusStore.getState().status;
    routeEvent(event);
    if (event.type === 'status-changed' && serverChanged(before, event.status)) void loadQueue(client);
  });
  useStatusStore.getState().setConnection(connection.current());
  const offConnection = connection.onChange((change) => {
    useStatusStore.getState().setConnection(change);
    if (change.state === 'open' && change.reconnected) void loadAll(client);
  });
  void loadAll(client);
  return () => {
    offEvents();
    offConnection();
  };
}
