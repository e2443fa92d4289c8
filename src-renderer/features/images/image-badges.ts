import type { ImageRecord } from '../../../src-shared/api/index.js';
import { PREDICTION_STATE_LABELS, predictionState } from './prediction-state.js';
import { stepState, type StepState } from './step-state.js';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface ImageBadge {
  key: 'tiling' | 'tissue' | 'annotation' | 'prediction';
  /** Short text for the table cell under the column's name ("Done", "123.4", "High risk (0.81)"). */
  text: string;
  /** The whole sentence, for the details panel, tooltips and screen readers ("Tiling: Completed"). */
  title: string;
  tone: BadgeTone;
}

const TONES: Record<StepState, BadgeTone> = {
  none: 'neutral',
  pending: 'neutral',
  running: 'info',
  done: 'success',
  failed: 'danger',
  other: 'warning',
};

const WORDS: Record<StepState, string> = {
  none: '—',
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  other: '',
};

function stepBadge(key: ImageBadge['key'], name: string, raw: string | null): ImageBadge {
  const state = stepState(raw);
  const text = state === 'other' ? (raw ?? '').trim() : WORDS[state];
  return { key, text, title: `${name}: ${raw?.trim() || 'not reported'}`, tone: TONES[state] };
}

/**
 * The unit of `tissue_area`. The API sends a bare number and its documentation names no unit; square millimetres
 * is the unit pathology reports tissue area in and the scale the service's values have (tens to hundreds, as
 * the sandbox models them). One constant, so a server that documents another unit changes one line.
 */
export const TISSUE_AREA_UNIT = 'mm²';

/** "123.46 mm²", or null when no area is known. */
export function formatTissueArea(area: number | null): string | null {
  if (area === null || !Number.isFinite(area)) return null;
  return `${area.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${TISSUE_AREA_UNIT}`;
}

/**
 * The table cell's shorter form: three significant figures at most ("187 mm²", "42.5 mm²", "3.14 mm²"), so the
 * badge fits its column; the exact value stays in the tooltip and the details panel.
 */
export function formatTissueAreaCompact(area: number | null): string | null {
  if (area === null || !Number.isFinite(area)) return null;
  const size = Math.abs(area);
  const digits = size >= 100 ? 0 : size >= 10 ? 1 : 2;
  return `${area.toLocaleString('en-US', { maximumFractionDigits: digits })} ${TISSUE_AREA_UNIT}`;
}

function tissueBadge(image: ImageRecord): ImageBadge {
  const badge = stepBadge('tissue', 'Tissue area', image.tissuearea_status);
  const area = formatTissueArea(image.tissue_area);
  const compact = formatTissueAreaCompact(image.tissue_area);
  if (area === null || compact === null) return badge;
  return { ...badge, text: compact, title: `${badge.title}, ${area}`, tone: 'success' };
}

function predictionBadge(image: ImageRecord): ImageBadge {
  const state = predictionState(image);
  const label = PREDICTION_STATE_LABELS[state];
  if (state === 'done') {
    const outcome = image.outcome_prediction ?? 'no outcome';
    const metric = image.metric ? ` (${image.metric})` : '';
    return {
      key: 'prediction',
      text: `${outcome}${metric}`,
      title: `Prediction: ${outcome}${metric}`,
      tone: 'success',
    };
  }
  const tone: BadgeTone =
    state === 'running'
      ? 'info'
      : state === 'failed'
        ? 'danger'
        : state === 'stopped'
          ? 'warning'
          : 'neutral';
  const text =
    state === 'none' ? '—' : state === 'running' ? 'Running' : state === 'stopped' ? 'Stopped' : 'Failed';
  const title =
    state === 'none' ? 'Prediction: not started' : `Prediction: ${label.replace('Prediction ', '')}`;
  return { key: 'prediction', text, title, tone };
}

/** The four status badges of an image row: tiling, tissue area, annotation, prediction. */
export function imageBadges(image: ImageRecord): ImageBadge[] {
  return [
    stepBadge('tiling', 'Tiling', image.tiling_status),
    tissueBadge(image),
    stepBadge('annotation', 'Annotation', image.annotation_status),
    predictionBadge(image),
  ];
}
