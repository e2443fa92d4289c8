import { useStatusStore } from '../stores/status-store.js';
import { useQueueStore } from '../stores/queue-store.js';
import { sendingText } from './status-bar-text.js';
import { platformInfo } from '../platform/app-client.js';

const CONNECTION_TEXT = {
  open: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
} as const;

/** The bottom line: which server, which user, whether the window is connected, how fast the queue goes. */
export function StatusBar() {
  const status = useStatusStore((state) => state.status);
  const connection = useStatusStore((state) => state.connection);
  const totals = useQueueStore((state) => state.totals);
  const sending = totals ? totals.counts.uploading + totals.counts.registering + totals.counts.finalizing : 0;

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
      {sending > 0 && totals && <span>{sendingText(sending, totals.speed)}</span>}
      {platformInfo.kind === 'browser' && (
        <span className={`status-bar__connection status-bar__connection--${connection.state}`} role="status">
          <span className="status-bar__dot" aria-hidden="true" />
          {CONNECTION_TEXT[connection.state]}
        </span>
      )}
      {status && <span className="status-bar__version">v{status.version}</span>}
    </footer>
  );
}
