import type { AppHandlers } from '../../src-shared/app/index.js';
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
      const result = await api.stopPrediction(imageUniqueId);
      watch.unfollow(imageUniqueId);
      return result.image ?? findImage(api, userId, imageUniqueId);
    },
  };
}
