import type { AppHandlers } from '../../src-shared/app/index.js';
import type { AppContext } from './app-context.js';
import type { PredictionWatch } from './prediction-watch.js';
import { requireSuccess } from './server-result.js';

type PredictionCommand = 'predictions.start' | 'predictions.stop';

export function predictionHandlers(
  ctx: AppContext,
  watch: PredictionWatch,
): Pick<AppHandlers, PredictionCommand> {
  return {
    'predictions.start': async ({ imageUniqueId }) => {
      const { api } = await ctx.server();
      const result = requireSuccess(
        await api.startPrediction(imageUniqueId),
        `Starting the prediction of image ${imageUniqueId}`,
      );
      watch.follow(imageUniqueId);
      return result.image;
    },
    'predictions.stop': async ({ imageUniqueId }) => {
      const { api } = await ctx.server();
      const result = requireSuccess(
        await api.stopPrediction(imageUniqueId),
        `Stopping the prediction of image ${imageUniqueId}`,
      );
      watch.unfollow(imageUniqueId);
      return result.image;
    },
  };
}
