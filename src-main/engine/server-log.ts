import { isApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/index.js';

/**
 * Posts `LogInfo` entries for images (type "Upload"), so what the uploader did is visible beside the server's own
 * processing log. Best effort: a failed log never fails an upload. Some servers have no `POST /LogInfo`; the first
 * 404 says so once and later entries are not sent.
 */
export class UploadLog {
  private endpointMissing = false;

  constructor(
    private readonly api: ApiClient,
    private readonly onError: (message: string, jobId: number, level: 'info' | 'warning') => void,
  ) {}

  async post(job: { id: number; image_unique_id: string | null }, message: string): Promise<void> {
    const imageUniqueId = job.image_unique_id;
    if (!imageUniqueId || this.endpointMissing) return;
    try {
      await this.api.addLog({ imageid: imageUniqueId, type: 'Upload', message });
    } catch (error) {
      if (isApiError(error) && error.kind === 'not-found') {
        // Several jobs' first entries are in flight at once; only the first 404 back says so.
        if (this.endpointMissing) return;
        this.endpointMissing = true;
        // A warning, said once, so the CLI shows it too: the lab should know its server keeps no upload log.
        this.onError(
          'This server keeps no upload log (POST /LogInfo answered 404), so uploads are not noted in its log; ' +
            'the uploads themselves are not affected.',
          job.id,
          'warning',
        );
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.onError(
        `The server's log did not get the entry "${message}"; the upload itself is not affected. (${reason})`,
        job.id,
        'info',
      );
    }
  }
}
