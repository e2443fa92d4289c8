import { useMemo } from 'react';
import { useImagesStore } from './images-store.js';
import { LogList } from './LogList.js';
import { useLogs } from './use-logs.js';

/** Every log entry the server keeps, refreshed while this tab is shown. */
export function AllLogsView({ active }: { active: boolean }) {
  const logs = useLogs(null, active, 5000);
  // Entries name images by id; the images list (already loaded for the other tab) gives their file names.
  const rows = useImagesStore((state) => state.rows);
  const names = useMemo(
    () => new Map(rows.map((row) => [row.image_unique_id, row.filename] as const)),
    [rows],
  );
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
        imageName={(uid) => names.get(uid)}
      />
    </div>
  );
}
