import { useStatusStore } from '../stores/status-store.js';
import { useQueueStore } from '../stores/queue-store.js';
import { sendingText, serverHealth } from './status-bar-text.js';
import { platformInfo } from '../platform/app-client.js';
import { heldText, retryingText, sendingCount } from '../features/uploads/queue-summary.js';
import { useQueueSummary } from '../features/uploads/use-queue-summary.js';
import { useNow } from '../features/uploads/use-now.js';

const CONNECTION_TEXT = {
  open: 'Connected to the uploader',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
} as const;

/**
 * The bottom line: which server, which user, whether the window is connected, how fast the queue goes, and how
 * many jobs wait for another server.
 */
export function StatusBar() {
  const status = useStatusStore((state) => state.status);
  const connection = useStatusStore((state) => state.connection);
  const totals = useQueueStore((state) => state.totals);
  // Counted from the jobs, not the engine's totals: those count another server's held jobs by the state they
  // were left in, and a held job is not uploading.
  const summary = useQueueSummary();
  const sending = sendingCount(summary);
  const jobs = useQueueStore((state) => state.jobs);
  // Ticks only while a countdown is shown.
  const now = useNow(jobs.values().some((job) => job.retryAt !== null));
  const health = serverHealth(status, jobs.values(), now);

  return (
    <footer className="status-bar" aria-label="Status">
      {status ? (
        status.server.sandbox ? (
          <span className="status-bar__server status-bar__server--sandbox" title={status.server.url}>
            Sandbox — test data only
          </span>
        ) : (
          <span className="status-bar__server" title={status.server.url}>
            Server: {status.server.label}
          </span>
        )
      ) : (
        <span className="status-bar__server">Server: …</span>
      )}
      <span>
        {status?.userId !== null && status?.userId !== undefined ? `User ${status.userId}` : 'No user set'}
      </span>
      <span className="status-bar__spacer" />
      {sending > 0 && <span>{sendingText(sending, totals?.speed)}</span>}
      {summary.retrying > 0 && <span data-testid="status-retrying">{retryingText(summary.retrying)}</span>}
      {summary.held > 0 && (
        <span className="status-bar__held" data-testid="status-held">
          {heldText(summary.held)}
        </span>
      )}
      {platformInfo.kind === 'browser' && connection.state !== 'open' ? (
        // The link to the uploader itself is down: nothing below it can be known.
        <span className={`status-bar__connection status-bar__connection--${connection.state}`} role="status">
          <span className="status-bar__dot" aria-hidden="true" />
          {CONNECTION_TEXT[connection.state]}
        </span>
      ) : (
        <span
          className={`status-bar__connection status-bar__connection--${health.tone}`}
          role="status"
          title={health.detail}
          data-testid="status-health"
        >
          <span className="status-bar__dot" aria-hidden="true" />
          {health.text}
        </span>
      )}
      {status && <span className="status-bar__version">v{status.version}</span>}
    </footer>
  );
}
