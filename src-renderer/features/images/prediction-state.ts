import type { ImageRecord } from '../../../src-shared/api/index.js';
import { stepState } from './step-state.js';

export type PredictionState = 'none' | 'running' | 'done' | 'stopped' | 'failed';

type PredictionFields = Pick<ImageRecord, 'status' | 'outcome_prediction' | 'metric'>;

/**
 * Where an image's prediction stands. The server signals it through the image `status` ("Prediction Running",
 * "Prediction Completed", "Prediction Stopped" in the sandbox) and fills outcome_prediction/metric when done.
 */
export function predictionState(image: PredictionFields): PredictionState {
  const status = (image.status ?? '').toLowerCase();
  if (status.includes('predict')) {
    if (status.includes('stop') || status.includes('cancel')) return 'stopped';
    const state = stepState(status);
    if (state === 'failed') return 'failed';
    if (state === 'running' || state === 'pending') return 'running';
    if (state === 'done') return 'done';
  }
  return image.outcome_prediction ? 'done' : 'none';
}

export const PREDICTION_STATE_LABELS: Record<PredictionState, string> = {
  none: 'Not predicted',
  running: 'Prediction running',
  done: 'Predicted',
  stopped: 'Prediction stopped',
  failed: 'Prediction failed',
};
