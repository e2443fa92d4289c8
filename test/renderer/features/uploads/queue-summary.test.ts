import { describe, expect, it } from 'vitest';
import {
  heldText,
  overallNumbersText,
  overallProgress,
  queueCountsText,
  sendAllLabel,
  sendingCount,
  summarizeQueue,
  type OverallProgress,
} from '../../../../src-renderer/features/uploads/queue-summary.js';
import type { QueueTotals } from '../../../../src-shared/engine/index.js';
import { jobView } from '../../../helpers/job-view.js';

const elsewhere = { elsewhere: true, destination: 'http://a.example:4010' };

describe('queue summary', () => {
  it('counts states and sums confirmed bytes when nothing is sending', () => {
    const jobs = {
      1: jobView(1, { state: 'done', size: 100 }),
      2: jobView(2, { state: 'paused', size: 100, bytesDone: 50 }),
      3: jobView(3, { state: 'cancelled', size: 100 }),
    };
    const summary = summarizeQueue(Object.values(jobs));
    expect(summary).toMatchObject({ total: 3, finished: 2, open: 1, held: 0 });
    expect(summary.counts.done).toBe(1);
    expect(overallProgress(Object.values(jobs), null)).toMatchObject({
      bytesDone: 150,
      bytesTotal: 200,
      speed: null,
      eta: null,
    });
  });

  it('counts a copy being checked as open and a duplicate as finished, sending no bytes', () => {
    const jobs = {
      1: jobView(1, { state: 'done', size: 100 }),
      2: jobView(2, { state: 'checking', size: 100 }),
      3: jobView(3, { state: 'duplicate', size: 100, duplicateOf: 1 }),
    };
    const summary = summarizeQueue(Object.values(jobs));
    expect(summary).toMatchObject({ total: 3, finished: 2, open: 1 });
    expect(queueCountsText(summary)).toBe('1 checking · 1 done · 1 already uploaded');
    expect(overallProgress(Object.values(jobs), null)).toMatchObject({
      bytesDone: 100,
      bytesTotal: 200,
      speed: null,
      eta: null,
    });
  });

  it('never counts a held job as uploading, waiting or paused, and counts it apart', () => {
    const jobs = {
      1: jobView(1, { state: 'uploading' }),
      2: jobView(2, { ...elsewhere, state: 'uploading', bytesDone: 400 }),
      3: jobView(3, { ...elsewhere, state: 'queued' }),
      4: jobView(4, { ...elsewhere, state: 'paused' }),
      5: jobView(5, { ...elsewhere, state: 'failed' }),
      6: jobView(6, { state: 'queued' }),
    };
    const summary = summarizeQueue(Object.values(jobs));
    expect(summary).toMatchObject({ total: 6, held: 4, open: 2 });
    expect(sendingCount(summary)).toBe(1);
    expect(summary.counts).toMatchObject({ uploading: 1, queued: 1, paused: 0, failed: 0 });
    // "Clear finished" takes a held failed job off the list too, so it still enables the button.
    expect(summary.finished).toBe(1);
    expect(queueCountsText(summary)).toBe('1 uploading · 1 waiting · 4 held for another server');
  });

  it("keeps another server's finished uploads in the counts: they are history, not held", () => {
    const summary = summarizeQueue(
      Object.values({
        1: jobView(1, { ...elsewhere, state: 'done' }),
        2: jobView(2, { ...elsewhere, state: 'cancelled' }),
      }),
    );
    expect(summary).toMatchObject({ total: 2, held: 0, finished: 2, open: 0 });
    expect(queueCountsText(summary)).toBe('1 done');
  });

  it("leaves another server's jobs out of the overall bar before the engine's first numbers", () => {
    const jobs = {
      1: jobView(1, { state: 'paused', size: 100, bytesDone: 50 }),
      2: jobView(2, { ...elsewhere, state: 'paused', size: 1000, bytesDone: 900 }),
      3: jobView(3, { ...elsewhere, state: 'done', size: 10 }),
    };
    expect(overallProgress(Object.values(jobs), null)).toEqual({
      bytesDone: 50,
      bytesTotal: 100,
      speed: null,
      eta: null,
      etaState: 'idle',
    });
  });

  it("shows the engine's totals as they are: speed and ETA are computed once, in the engine", () => {
    const totals: QueueTotals = {
      at: 0,
      bytesDone: 5,
      bytesTotal: 10,
      speed: 1000,
      eta: 1,
      etaState: 'ready',
      counts: summarizeQueue([]).counts,
    };
    const sending = { 1: jobView(1, { state: 'uploading', size: 10, bytesDone: 2 }) };
    expect(overallProgress(Object.values(sending), totals)).toBe(totals);
  });

  it('words the numbers beside the overall bar, and says why they are empty when only held jobs are left', () => {
    const numbers = (patch: Partial<OverallProgress>): OverallProgress => ({
      bytesDone: 0,
      bytesTotal: 100,
      speed: null,
      eta: null,
      etaState: 'idle',
      ...patch,
    });
    expect(
      overallNumbersText(
        numbers({
          bytesDone: 1.2 * 2 ** 20,
          bytesTotal: 8.4 * 2 ** 20,
          speed: 250 * 1024,
          eta: 30,
          etaState: 'ready',
        }),
        0,
      ),
    ).toBe('1.2 MiB of 8.4 MiB · 250 KiB/s · 30 s left');
    expect(overallNumbersText(numbers({ etaState: 'estimating' }), 0)).toBe('0 B of 100 B · estimating…');
    expect(overallNumbersText(numbers({ etaState: 'waiting' }), 0)).toBe('0 B of 100 B · waiting to retry');
    expect(overallNumbersText(numbers({ etaState: 'paused' }), 0)).toBe('0 B of 100 B · paused');
    expect(overallNumbersText(numbers({}), 2)).toBe('0 B of 100 B');
    expect(overallNumbersText(numbers({ bytesTotal: 0 }), 2)).toBe('Nothing to upload to this server');
  });

  it('words the held count and the send-all button', () => {
    expect(heldText(1)).toBe('1 held for another server');
    expect(heldText(1200)).toBe('1,200 held for another server');
    expect(sendAllLabel(3, 'b.example')).toBe('Send all 3 held jobs to b.example instead');
  });
});
