import { useState } from 'react';
import type { DownloadProgress } from '../../../src-shared/app/index.js';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient, platformInfo } from '../../platform/app-client.js';
import { useDownloadsStore } from '../../stores/downloads-store.js';
import { Button, FolderIcon, formatBytes, formatPercent, ProgressBar } from '../../ui/index.js';
import { ActionFeedback } from './ActionFeedback.js';
import { DetailsSection } from './DetailsSection.js';
import { useAction } from './use-action.js';

/** The latest download of this image this session (the store keeps them across panel re-opens). */
const useLatestDownload = (uid: string): DownloadProgress | null =>
  useDownloadsStore((state) => {
    let latest: DownloadProgress | null = null;
    for (const download of Object.values(state.downloads))
      if (download.imageUniqueId === uid) latest = download;
    return latest;
  });

function progressText(download: DownloadProgress): string {
  if (download.total === null || download.total <= 0) return `${formatBytes(download.bytes)} downloaded`;
  const percent = formatPercent(download.bytes / download.total);
  return `${percent}, ${formatBytes(download.bytes)} of ${formatBytes(download.total)}`;
}

/** Download the image file into the download folder, with progress, then "Show in folder". */
export function DownloadSection({ image }: { image: ImageRow }) {
  const uid = image.image_unique_id;
  const download = useLatestDownload(uid);
  const [startedPath, setStartedPath] = useState<string | null>(null);
  const [folderMessage, setFolderMessage] = useState<string | null>(null);
  const start = useAction(
    async () => {
      setFolderMessage(null);
      const started = await appClient.send('images.download', { imageUniqueId: uid });
      setStartedPath(started.path);
    },
    { subject: image.filename },
  );
  const showInFolder = useAction(async (path: string) => {
    const { supported } = await appClient.send('platform.showInFolder', { path });
    if (!supported) setFolderMessage(`Open the folder yourself: ${path}`);
  });

  const running = download?.state === 'running';
  return (
    <DetailsSection title="Download">
      <div className="details-actions">
        <Button busy={start.pending} disabled={running} onClick={() => void start.run()}>
          {download?.state === 'failed' ? 'Try the download again' : 'Download image'}
        </Button>
      </div>
      {!download && startedPath && !start.pending && (
        <p className="muted">Starting the download to {startedPath}…</p>
      )}
      {download && (
        <div className="download" aria-live="polite">
          {running && (
            <>
              <ProgressBar
                label={`Download of ${download.fileName}`}
                value={download.total ? download.bytes / download.total : null}
                valueText={progressText(download)}
              />
              <p className="muted">{progressText(download)}</p>
            </>
          )}
          {download.state === 'done' && (
            <div className="download__done">
              <p>
                Saved to <span className="mono">{download.path}</span>
              </p>
              {platformInfo.kind === 'electron' && (
                <Button
                  size="sm"
                  icon={<FolderIcon />}
                  busy={showInFolder.pending}
                  onClick={() => void showInFolder.run(download.path)}
                >
                  Show in folder
                </Button>
              )}
            </div>
          )}
          {download.state === 'failed' && (
            <p className="action-feedback action-feedback--error" role="alert">
              The download failed: {download.error ?? 'no reason given'}.
            </p>
          )}
        </div>
      )}
      <ActionFeedback message={folderMessage} error={start.error ?? showInFolder.error} />
    </DetailsSection>
  );
}
