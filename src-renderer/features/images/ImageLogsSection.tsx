import { DetailsSection } from './DetailsSection.js';
import { LogList } from './LogList.js';
import type { LogsState } from './use-logs.js';

/** The open image's log entries; the panel refreshes them every few seconds while it is open. */
export function ImageLogsSection({ logs }: { logs: LogsState }) {
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
