import { useImagesStore } from './images-store.js';
import { LogList } from './LogList.js';
import { useLogs } from './use-logs.js';

/** Every log entry the server keeps, refreshed while this tab is shown. */
export function AllLogsView({ active }: { active: boolean }) {
  const logs = useLogs(null, active, 5000);
  const openImage = (uid: string) => {
    const { openDetails, setView } = useImagesStore.getState();
    openDetails(uid);
    setView('images');
  };
  return (
    <div className="all-logs">
      <LogList
        label="All log entries"
        entries={logs.entries}
        error={logs.error}
        onRetry={logs.reload}
        onOpenImage={openImage}
      />
    </div>
  );
}
