import { useStatusStore } from '../stores/status-store.js';
import { useQueueStore } from '../stores/queue-store.js';
import { appClient } from '../platform/app-client.js';
import { loadAll } from '../stores/connect-stores.js';
import { Button, ErrorBanner } from '../ui/index.js';
import { useNavStore } from '../stores/nav-store.js';

/**
 * Whole-app problems above every screen: the link to the uploader dropped, the queue is held (sign in again),
 * the server could not be reached, or the first load failed.
 */
export function Banners() {
  const connection = useStatusStore((state) => state.connection);
  const loadError = useStatusStore((state) => state.loadError);
  const problem = useStatusStore((state) => state.status?.problem ?? null);
  const hold = useQueueStore((state) => state.hold);
  const go = useNavStore((state) => state.go);

  return (
    <div className="banners">
      {connection.state === 'reconnecting' && (
        <ErrorBanner tone="warning" title="Reconnecting…">
          The window lost its connection to the uploader. Uploads keep running in the background; this page
          reconnects by itself{connection.attempt > 1 ? ` (attempt ${connection.attempt})` : ''}.
        </ErrorBanner>
      )}
      {hold && (
        <ErrorBanner
          tone={hold.reason === 'auth' ? 'danger' : 'warning'}
          title={hold.reason === 'auth' ? 'Sign in again: uploads are on hold' : 'Uploads are on hold'}
          actions={
            hold.reason === 'auth' ? (
              <Button size="sm" variant="primary" onClick={() => go('settings')}>
                Open Settings
              </Button>
            ) : undefined
          }
        >
          {hold.message}
        </ErrorBanner>
      )}
      {problem && (
        <ErrorBanner
          title="Cannot reach the server"
          actions={
            <Button size="sm" onClick={() => go('settings')}>
              Check settings
            </Button>
          }
        >
          {problem}
        </ErrorBanner>
      )}
      {loadError && connection.state === 'open' && (
        <ErrorBanner title="The uploader did not answer" onRetry={() => void loadAll(appClient)}>
          {loadError}
        </ErrorBanner>
      )}
    </div>
  );
}
