import { describe, expect, it } from 'vitest';
import {
  formatTissueArea,
  formatTissueAreaCompact,
  imageBadges,
} from '../../../../src-renderer/features/images/image-badges.js';
import { predictionState } from '../../../../src-renderer/features/images/prediction-state.js';
import { stepState } from '../../../../src-renderer/features/images/step-state.js';
import { imageRow } from './image-row-factory.js';

const badge = (row: ReturnType<typeof imageRow>, key: string) => imageBadges(row).find((b) => b.key === key)!;

describe('stepState', () => {
  it('folds the server wording into states', () => {
    expect(stepState('Pending')).toBe('pending');
    expect(stepState('In Progress')).toBe('running');
    expect(stepState('Completed')).toBe('done');
    expect(stepState('Failed')).toBe('failed');
    expect(stepState(null)).toBe('none');
    expect(stepState('  ')).toBe('none');
    expect(stepState('Needs review')).toBe('other');
  });
});

describe('predictionState', () => {
  it('reads the sandbox statuses', () => {
    expect(predictionState(imageRow({ status: 'Uploaded' }))).toBe('none');
    expect(predictionState(imageRow({ status: 'Prediction Running' }))).toBe('running');
    expect(predictionState(imageRow({ status: 'Prediction Stopped' }))).toBe('stopped');
    expect(
      predictionState(imageRow({ status: 'Prediction Completed', outcome_prediction: 'High risk' })),
    ).toBe('done');
    expect(predictionState(imageRow({ status: 'Prediction Failed' }))).toBe('failed');
  });

  it('counts an outcome as done even when the status moved on', () => {
    expect(predictionState(imageRow({ status: 'Uploaded', outcome_prediction: 'Low risk' }))).toBe('done');
  });
});

describe('imageBadges', () => {
  it('gives four badges in table order', () => {
    expect(imageBadges(imageRow()).map((b) => b.key)).toEqual([
      'tiling',
      'tissue',
      'annotation',
      'prediction',
    ]);
  });

  it('shows a fresh upload as pending everywhere and not predicted', () => {
    const row = imageRow();
    expect(badge(row, 'tiling')).toEqual({
      key: 'tiling',
      text: 'Pending',
      title: 'Tiling: Pending',
      tone: 'neutral',
    });
    expect(badge(row, 'tissue')).toMatchObject({
      text: 'Pending',
      title: 'Tissue area: Pending',
      tone: 'neutral',
    });
    expect(badge(row, 'annotation')).toMatchObject({ text: 'Pending', tone: 'neutral' });
    expect(badge(row, 'prediction')).toMatchObject({
      text: '—',
      title: 'Prediction: not started',
      tone: 'neutral',
    });
  });

  it('shows running and done steps, and the tissue area once known', () => {
    const row = imageRow({
      tiling_status: 'Completed',
      tissuearea_status: 'Completed',
      tissue_area: 123.456,
      annotation_status: 'In Progress',
    });
    expect(badge(row, 'tiling')).toMatchObject({ text: 'Done', tone: 'success' });
    expect(badge(row, 'tissue')).toMatchObject({
      text: '123 mm²',
      title: 'Tissue area: Completed, 123.46 mm²',
      tone: 'success',
    });
    expect(badge(row, 'annotation')).toMatchObject({
      text: 'Running',
      title: 'Annotation: In Progress',
      tone: 'info',
    });
  });

  it('shows the outcome and metric of a finished prediction', () => {
    const row = imageRow({
      status: 'Prediction Completed',
      outcome_prediction: 'High risk',
      metric: '0.812',
    });
    expect(badge(row, 'prediction')).toMatchObject({ text: 'High risk (0.812)', tone: 'success' });
    expect(badge(imageRow({ status: 'Prediction Running' }), 'prediction')).toMatchObject({
      text: 'Running',
      title: 'Prediction: running',
      tone: 'info',
    });
    expect(badge(imageRow({ status: 'Prediction Stopped' }), 'prediction')).toMatchObject({
      tone: 'warning',
    });
  });

  it('shows unknown wording as given and failures as danger', () => {
    expect(badge(imageRow({ tiling_status: 'Needs review' }), 'tiling')).toMatchObject({
      text: 'Needs review',
      tone: 'warning',
    });
    expect(badge(imageRow({ annotation_status: 'Error' }), 'annotation')).toMatchObject({
      text: 'Failed',
      tone: 'danger',
    });
    expect(badge(imageRow({ tiling_status: null }), 'tiling')).toMatchObject({
      text: '—',
      title: 'Tiling: not reported',
    });
  });

  it('formats tissue areas with their unit', () => {
    expect(formatTissueArea(null)).toBeNull();
    expect(formatTissueArea(1234.5)).toBe('1,234.5 mm²');
  });

  it('shortens the table badge to three significant figures, the exact area in its title', () => {
    expect(formatTissueAreaCompact(null)).toBeNull();
    expect(formatTissueAreaCompact(187.35)).toBe('187 mm²');
    expect(formatTissueAreaCompact(42.46)).toBe('42.5 mm²');
    expect(formatTissueAreaCompact(3.14159)).toBe('3.14 mm²');
    expect(formatTissueAreaCompact(1234.5)).toBe('1,235 mm²');
    const tissue = badge(imageRow({ tissuearea_status: 'Completed', tissue_area: 187.35 }), 'tissue');
    expect(tissue).toMatchObject({ text: '187 mm²', title: 'Tissue area: Completed, 187.35 mm²' });
  });
});
