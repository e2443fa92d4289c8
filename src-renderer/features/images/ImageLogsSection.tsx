import { LogList } from './LogList.js';
import { useLogs } from './use-logs.js';
import { DetailsSection } from './DetailsSection.js';

/** The open image's log entries, refreshed every few seconds while the panel is open. */
export function ImageLogsSection({ imageUniqueId }: { imageUniqueId: string }) {
  const logs = useLogs(imageUniqueId, true);
  return (
    <DetailsSection title="Logs">
      <LogList
        compact
        label="Log entries of this image"
        entries={logs.entries}
        error={logs.error}
        onRetry={logs.reload}
      />
    </DetailsSection>
  );
}
