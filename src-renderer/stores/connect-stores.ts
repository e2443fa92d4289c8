import type { AppClient } from '../../src-shared/app/index.js';
import type { ConnectionSource } from '../platform/connection.js';
import { describeError } from './describe-error.js';
import { routeEvent } from './event-router.js';
import { useQueueStore } from './queue-store.js';
import { useStatusStore } from './status-store.js';
import { useWatchStore } from './watch-store.js';

/**
 * Loads everything the stores hold (status, settings, queue, watch folders). Each part fails on its own so one
 * slow or broken command does not blank the whole window.
 */
export async function loadAll(client: AppClient): Promise<void> {
  const status = useStatusStore.getState();
  const queue = useQueueStore.getState();
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
    client.send('queue.list').then(
      (result) => queue.load(result),
      (error: unknown) => queue.setLoadError(describeError(error)),
    ),
    client.send('watch.list').then(
      (result) => watch.load(result),
      (error: unknown) => watch.setLoadError(describeError(error)),
    ),
  ]);
}

/**
 * Wires the stores to the uploader: one event subscription, the first load, and a fresh load after the link
 * comes back (events sent while it was down are lost). Returns the unsubscribe.
 */
export function connectStores(client: AppClient, connection: ConnectionSource): () => void {
  const offEvents = client.on(routeEvent);
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
