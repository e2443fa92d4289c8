import type { ImageRecord } from '../../src-shared/api/index.js';
import { isApiError } from '../api/api-error.js';
import type { AppContext } from './app-context.js';
import { findImage } from './find-image.js';

export const PREDICTION_RUNNING = 'Prediction Running';
export const PREDICTION_COMPLETED = 'Prediction Completed';
export const PREDICTION_STOPPED = 'Prediction Stopped';

/** Finished: the status says so, or (a server with other wording) an outcome arrived and it no longer runs. */
const isFinished = (image: ImageRecord) =>
  image.status === PREDICTION_COMPLETED ||
  image.status === PREDICTION_STOPPED ||
  (image.status !== PREDICTION_RUNNING && image.outcome_prediction !== null);

/**
 * Follows predictions the app started: polls each image every few seconds until its prediction completed or
 * stopped, then sends a notification. Stopping one from the app just stops following it.
 */
export class PredictionWatch {
  private readonly followed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly everyMs: number,
  ) {}

  follow(imageUniqueId: string): void {
    if (this.closed) return;
    this.followed.add(imageUniqueId);
    this.schedule();
  }

  unfollow(imageUniqueId: string): void {
    this.followed.delete(imageUniqueId);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.followed.clear();
  }

  private schedule(): void {
    if (this.timer || this.polling || this.closed || this.followed.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, this.everyMs);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const connection = await this.ctx.server();
      for (const uid of [...this.followed]) {
        const image = await findImage(connection.api, connection.userId, uid).catch((error: unknown) => {
          // A deleted image ends the follow; anything else (network trouble) is tried again next round.
          if (isApiError(error) && error.kind === 'not-found') this.followed.delete(uid);
          return undefined;
        });
        if (image && this.followed.has(uid) && isFinished(image)) {
          this.followed.delete(uid);
          this.announce(image);
        }
      }
    } catch {
      // No server right now (reconnecting, shutting down): try again next round.
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private announce(image: ImageRecord): void {
    const name = image.filename || image.image_unique_id;
    if (image.status === PREDICTION_STOPPED) {
      this.ctx.notify(
        { level: 'warning', title: `Prediction stopped: ${name}`, body: `Image ${image.image_unique_id}` },
        true,
      );
      return;
    }
    const outcome = [image.outcome_prediction, image.metric ? `metric ${image.metric}` : null]
      .filter(Boolean)
      .join(', ');
    this.ctx.notify(
      {
        kind: 'prediction-finished',
        level: 'info',
        title: `Prediction finished: ${name}`,
        body: outcome || (image.status ?? 'Finished'),
      },
      true,
    );
  }
}
