import { useCallback, useState } from 'react';
import type { JobView } from '../../../src-shared/engine/index.js';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import { loadQueue } from '../../stores/queue-loader.js';
import { useQueueStore } from '../../stores/queue-store.js';
import { notify } from '../../stores/notifications-store.js';
import { useStatusStore } from '../../stores/status-store.js';
import { ConfirmDialog, EmptyState, ErrorBanner, LoadingState, UploadIcon, plural } from '../../ui/index.js';
import { CLEARED_BODY } from './clear-finished-text.js';
import { currentServerName } from './destination-text.js';
import { ForgetDialog } from './ForgetDialog.js';
import { HeldJobsBar } from './HeldJobsBar.js';
import { sendJobHere } from './queue-actions.js';
import { QueueList } from './QueueList.js';
import type { JobCommand } from './QueueRow.js';
import { QueueToolbar, type BulkCommand } from './QueueToolbar.js';

/** The upload queue: totals, bulk actions, held jobs, the list, and the cancel and forget confirmations. */
export function QueuePanel() {
  const loaded = useQueueStore((state) => state.loaded);
  const loadError = useQueueStore((state) => state.loadError);
  const empty = useQueueStore((state) => state.order.length === 0);
  const [cancelling, setCancelling] = useState<JobView | null>(null);
  const [forgetting, setForgetting] = useState<JobView | null>(null);
  const [cancelBusy, setCancelBusy] = useState(false);
  const [bulkBusy, setBulkBusy] = useState<BulkCommand | null>(null);

  const move = useCallback((jobId: number, beforeJobId: number | null) => {
    useQueueStore.getState().move(jobId, beforeJobId);
    void runAction('Could not change the order', () =>
      appClient.send('queue.move', { jobId, beforeJobId }),
    ).then(async (done) => {
      // On failure the local order is wrong: take the uploader's.
      if (done === undefined) await loadQueue(appClient);
    });
  }, []);

  const onCommand = useCallback(
    (job: JobView, command: JobCommand) => {
      const target = { target: job.id };
      const order = useQueueStore.getState().order;
      const index = order.indexOf(job.id);
      switch (command) {
        case 'pause':
          void runAction(`Could not pause ${job.fileName}`, () => appClient.send('queue.pause', target));
          return;
        case 'resume':
          void runAction(`Could not resume ${job.fileName}`, () => appClient.send('queue.resume', target));
          return;
        case 'retry':
          void runAction(`Could not retry ${job.fileName}`, () => appClient.send('queue.retry', target));
          return;
        case 'cancel':
          setCancelling(job);
          return;
        case 'forget':
          setForgetting(job);
          return;
        case 'sendHere': {
          // Read at the click: the row's button only shows while a server is set.
          const current = currentServerName(useStatusStore.getState().status?.server);
          if (current !== null) void sendJobHere(job, current);
          return;
        }
        case 'up': {
          const before = order[index - 1];
          if (before !== undefined) move(job.id, before);
          return;
        }
        case 'down': {
          if (index === -1 || index >= order.length - 1) return;
          move(job.id, order[index + 2] ?? null);
          return;
        }
      }
    },
    [move],
  );

  const onBulk = async (command: BulkCommand) => {
    setBulkBusy(command);
    const all = { target: 'all' as const };
    if (command === 'pause')
      await runAction('Could not pause the queue', () => appClient.send('queue.pause', all));
    if (command === 'resume')
      await runAction('Could not resume the queue', () => appClient.send('queue.resume', all));
    if (command === 'retry')
      await runAction('Could not retry the failed uploads', () => appClient.send('queue.retry', all));
    if (command === 'clear') {
      const result = await runAction('Could not clear the finished uploads', () =>
        appClient.send('queue.clearFinished'),
      );
      if (result)
        notify({
          level: 'info',
          title: `Cleared ${plural(result.removed, 'finished upload')}`,
          body: CLEARED_BODY,
        });
    }
    setBulkBusy(null);
  };

  const confirmCancel = async () => {
    if (!cancelling) return;
    setCancelBusy(true);
    await runAction(`Could not cancel ${cancelling.fileName}`, () =>
      appClient.send('queue.cancel', { target: cancelling.id }),
    );
    setCancelBusy(false);
    setCancelling(null);
  };

  return (
    <section className="card queue-panel" aria-labelledby="queue-title">
      <header className="card__header">
        <h2 className="card__title" id="queue-title">
          Queue
        </h2>
      </header>
      {loadError && !loaded ? (
        <div className="card__body">
          <ErrorBanner title="Could not load the queue" onRetry={() => void loadQueue(appClient)}>
            {loadError}
          </ErrorBanner>
        </div>
      ) : !loaded ? (
        <LoadingState label="Loading the queue…" />
      ) : empty ? (
        <EmptyState icon={<UploadIcon size={20} />} title="No uploads yet">
          Slides you add above, and slides found in watch folders, appear here with their progress.
        </EmptyState>
      ) : (
        <>
          <QueueToolbar onBulk={(command) => void onBulk(command)} busy={bulkBusy} />
          <HeldJobsBar />
          <QueueList onCommand={onCommand} onMove={move} />
        </>
      )}
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this upload?"
        confirmLabel="Cancel upload"
        cancelLabel="Keep uploading"
        busy={cancelBusy}
        onConfirm={() => void confirmCancel()}
        onCancel={() => setCancelling(null)}
      >
        <p>
          <strong>{cancelling?.fileName}</strong> stops uploading and what was sent so far is discarded on the
          server. The file on disk is not touched; you can retry it later.
        </p>
      </ConfirmDialog>
      <ForgetDialog job={forgetting} onClose={() => setForgetting(null)} />
    </section>
  );
}
