import { describe, expect, it } from 'vitest';
import {
  JOB_STATES,
  speedAndEtaText,
  type JobState,
  type QueueTotals,
} from '../../../src-shared/engine/index.js';
import { progressLine } from '../../../src-main/cli/output.js';

const MiB = 1024 * 1024;
const totals = (patch: Partial<QueueTotals>): QueueTotals => ({
  at: 0,
  bytesDone: 40 * MiB,
  bytesTotal: 120 * MiB,
  speed: null,
  eta: null,
  etaState: 'estimating',
  counts: {
    ...(Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>),
    uploading: 2,
    done: 1,
  },
  ...patch,
});

describe('speed and ETA words (the app toolbar and the CLI say the same)', () => {
  it('says the speed and time left only once the engine has an estimate', () => {
    expect(speedAndEtaText(totals({ etaState: 'ready', speed: 4.6 * MiB, eta: 17 }))).toBe(
      '4.6 MiB/s · 17 s left',
    );
    expect(speedAndEtaText(totals({ etaState: 'ready', speed: 4.6 * MiB, eta: 3 }))).toBe(
      '4.6 MiB/s · a few seconds left',
    );
    expect(speedAndEtaText(totals({}))).toBe('estimating…');
    expect(speedAndEtaText(totals({ etaState: 'waiting' }))).toBe('waiting to retry');
    expect(speedAndEtaText(totals({ etaState: 'paused' }))).toBe('paused');
    expect(speedAndEtaText(totals({ etaState: 'idle' }))).toBe('');
  });

  it("puts the same words on the CLI's progress line", () => {
    expect(progressLine(totals({ etaState: 'ready', speed: 4.6 * MiB, eta: 17 }))).toBe(
      '1/3 done · 40 MiB of 120 MiB · 4.6 MiB/s · 17 s left',
    );
    expect(progressLine(totals({}))).toBe('1/3 done · 40 MiB of 120 MiB · estimating…');
    expect(progressLine(totals({ etaState: 'idle' }))).toBe('1/3 done · 40 MiB of 120 MiB');
  });
});
