import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src-shared/api/index.js';
import {
  predictionProgress,
  progressText,
} from '../../../../src-renderer/features/images/prediction-progress.js';

let nextId = 1;
const log = (message: string, type = 'Prediction'): LogEntry => ({
  id: nextId++,
  imageid: 'abc',
  type,
  message,
});

describe('prediction progress from the log', () => {
  it('reads the stage and percentage of the newest entry of the run (the sandbox wording)', () => {
    const entries = [
      log('Tiling is running', 'Tiling'),
      log('Prediction started'),
      log('Loading tiles (25%)'),
      log('Running tumour detection network (50%)'),
    ];
    const progress = predictionProgress(entries);
    expect(progress).toEqual({ stage: 'Running tumour detection network', percent: 50 });
    expect(progressText(progress!)).toBe('Running tumour detection network · 50%');
  });

  it('orders by id, whatever order the server listed them in', () => {
    const entries = [log('Prediction started'), log('Loading tiles (25%)'), log('Grading regions (75%)')];
    expect(predictionProgress([...entries].reverse())).toEqual({ stage: 'Grading regions', percent: 75 });
  });

  it('knows nothing before the run reported a stage, and never shows an earlier run’s stage', () => {
    expect(predictionProgress(null)).toBeNull();
    expect(predictionProgress([])).toBeNull();
    expect(predictionProgress([log('Prediction started')])).toBeNull();
    const earlierRun = [log('Prediction started'), log('Grading regions (75%)'), log('Prediction started')];
    expect(predictionProgress(earlierRun)).toBeNull();
    const restarted = [log('Grading regions (75%)'), log('Prediction restarted after a server restart')];
    expect(predictionProgress(restarted)).toBeNull();
  });

  it('shows no stage once the newest entry says the run ended', () => {
    const stopped = [
      log('Prediction started'),
      log('Loading tiles (25%)'),
      log('Prediction stopped by user'),
    ];
    expect(predictionProgress(stopped)).toBeNull();
    const completed = [log('Loading tiles (25%)'), log('Prediction completed: x.xml written')];
    expect(predictionProgress(completed)).toBeNull();
  });

  it('keeps a stage without a percentage, and a percentage without a stage, as they are', () => {
    expect(predictionProgress([log('Prediction started'), log('Segmenting glands')])).toEqual({
      stage: 'Segmenting glands',
      percent: null,
    });
    expect(predictionProgress([log('42 %')])).toEqual({ stage: null, percent: 42 });
    expect(predictionProgress([log('Grading - 60.4%')])).toEqual({ stage: 'Grading', percent: 60 });
    expect(progressText({ stage: null, percent: 42 })).toBe('42%');
    expect(progressText({ stage: 'Segmenting glands', percent: null })).toBe('Segmenting glands');
  });

  it('ignores other steps’ entries and clamps odd percentages', () => {
    expect(predictionProgress([log('Tiling (40%)', 'Tiling')])).toBeNull();
    expect(predictionProgress([log('Writing results (140%)', 'prediction')])).toEqual({
      stage: 'Writing results',
      percent: 100,
    });
  });
});
