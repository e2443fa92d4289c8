import { useState } from 'react';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient } from '../../platform/app-client.js';
import { Badge, Button, PauseIcon, PlayIcon } from '../../ui/index.js';
import { ActionFeedback } from './ActionFeedback.js';
import { DetailsSection } from './DetailsSection.js';
import { useImagesStore } from './images-store.js';
import { predictionProgress, progressText } from './prediction-progress.js';
import { PREDICTION_STATE_LABELS, predictionState } from './prediction-state.js';
import { stepState } from './step-state.js';
import { useAction } from './use-action.js';
import type { LogsState } from './use-logs.js';

const TONE = {
  none: 'neutral',
  running: 'info',
  done: 'success',
  stopped: 'warning',
  failed: 'danger',
} as const;

/** The running prediction's stage and percentage from the image's log; says so when none was reported yet. */
function RunningProgress({ logs }: { logs: LogsState }) {
  const progress = predictionProgress(logs.entries);
  if (!progress) {
    // Unknown (no entry for this run yet, or the log could not be read): claim no stage.
    return <span className="prediction__stage muted">No progress reported yet</span>;
  }
  return (
    <span className="prediction__stage">
      <span>{progressText(progress)}</span>
      {progress.percent !== null && (
        <progress className="prediction__bar" max={100} value={progress.percent} aria-hidden="true" />
      )}
    </span>
  );
}

/**
 * Start or stop the image's prediction. The list refresh (faster while it runs) keeps the state live; the
 * panel's log feed (also faster while it runs) keeps the stage and percentage live.
 */
export function PredictionSection({ image, logs }: { image: ImageRow; logs: LogsState }) {
  const uid = image.image_unique_id;
  const state = predictionState(image);
  const tiled = stepState(image.tiling_status) === 'done';
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction(async (command: 'predictions.start' | 'predictions.stop') => {
    const updated = await appClient.send(command, { imageUniqueId: uid });
    useImagesStore.getState().applyImage(updated);
    logs.reload();
    setMessage(command === 'predictions.start' ? 'Prediction started.' : 'Prediction stopped.');
  });

  return (
    <DetailsSection title="Prediction">
      <div className="prediction">
        <div className="prediction__state" role="status" aria-live="polite" aria-label="Prediction state">
          <Badge tone={TONE[state]}>{PREDICTION_STATE_LABELS[state]}</Badge>
          {state === 'running' && <RunningProgress logs={logs} />}
        </div>
        {state === 'done' && (
          <dl className="prediction__result">
            <div>
              <dt>Outcome</dt>
              <dd>{image.outcome_prediction ?? '—'}</dd>
            </div>
            <div>
              <dt>Metric</dt>
              <dd className="mono">{image.metric ?? '—'}</dd>
            </div>
          </dl>
        )}
        <div className="details-actions">
          {state === 'running' ? (
            <Button
              icon={<PauseIcon />}
              busy={action.pending}
              onClick={() => void action.run('predictions.stop')}
            >
              Stop prediction
            </Button>
          ) : (
            <Button
              variant="primary"
              icon={<PlayIcon />}
              busy={action.pending}
              disabled={!tiled}
              onClick={() => void action.run('predictions.start')}
            >
              {state === 'none' ? 'Start prediction' : 'Run prediction again'}
            </Button>
          )}
        </div>
        {!tiled && state !== 'running' && (
          <p className="muted">
            A prediction can start once tiling is done (tiling: {image.tiling_status ?? 'not reported'}).
          </p>
        )}
        <ActionFeedback message={message} error={action.error} />
      </div>
    </DetailsSection>
  );
}
