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
      const result = await api.stopPrediction(imageUniqueId).catch((error: unknown) => {
        // The server's 409 here means nothing runs (it ended, or never started): not "wait and try again".
        if (isApiError(error) && error.kind === 'conflict') {
          watch.unfollow(imageUniqueId);
          throw new AppCommandError(
            errorLine(wordError('nothing-to-stop', { subject: `image ${imageUniqueId}` })),
          );
        }
        throw error;
      });
      watch.unfollow(imageUniqueId);
      return result.image ?? findImage(api, userId, imageUniqueId);
    },
  };
}
