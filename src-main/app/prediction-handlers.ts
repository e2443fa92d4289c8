import { AppCommandError, errorLine, wordError, type AppHandlers } from '../../src-shared/app/index.js';
import { isApiError } from '../api/index.js';
import type { AppContext } from './app-context.js';
import type { PredictionWatch } from './prediction-watch.js';
import { findImage } from './find-image.js';

type PredictionCommand = 'predictions.start' | 'predictions.stop';

export function predictionHandlers(
  ctx: AppContext,
  watch: PredictionWatch,
): Pick<AppHandlers, PredictionCommand> {
  return {
    'predictions.start': async ({ imageUniqueId }) => {
      const { api, userId } = await ctx.server();
      const result = await api.startPrediction(imageUniqueId);
      watch.follow(imageUniqueId);
      return result.image ?? findImage(api, userId, imageUniqueId);
    },
    'predictions.stop': async ({ imageUniqueId }) => {
      const { api, userId } = await ctx.server();
      const result = await api.stopPrediction(imageUniqueId).catch(async (error: unknown) => {
        // A refusal here usually means nothing runs (it ended, or never started): not "wait and try again".
        // The document's server says so with a 409; others refuse with a 400 or a 200 {"success": false}, so
        // the image's own status decides — never claimed without looking.
        if (isApiError(error) && (error.kind === 'conflict' || error.kind === 'rejected')) {
          const image = await findImage(api, userId, imageUniqueId).catch(() => null);
          if (error.kind === 'conflict' || (image !== null && image.status !== 'Prediction Running')) {
            watch.unfollow(imageUniqueId);
            throw new AppCommandError(
              errorLine(wordError('nothing-to-stop', { subject: `image ${imageUniqueId}` })),
            );
          }
        }
        throw error;
      });
      watch.unfollow(imageUniqueId);
      return result.image ?? findImage(api, userId, imageUniqueId);
    },
  };
}
