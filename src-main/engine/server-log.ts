import type { ApiClient } from '../api/index.js';

/**
 * Posts a `LogInfo` entry for an image (type "Upload"), so what the uploader did is visible beside the
 * server's own processing log. Best effort: a failed log never fails an upload.
 */
export async function postUploadLog(
  api: ApiClient,
  imageUniqueId: string | null,
  message: string,
  onError: (message: string) => void,
): Promise<void> {
  if (!imageUniqueId) return;
  try {
    await api.addLog({ imageid: imageUniqueId, type: 'Upload', message });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    onError(
      `The server's log did not get the entry "${message}"; the upload itself is not affected. (${reason})`,
    );
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}
