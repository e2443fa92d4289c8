import { describe, expect, it } from 'vitest';
import {
  jobActions,
  jobStatusText,
  patientLabel,
  type JobActions,
} from '../../../../src-renderer/features/uploads/job-state-text.js';
import { jobView } from '../../../helpers/job-view.js';

/** No action offered: each case names only the ones it expects. */
const none: JobActions = {
  pause: false,
  resume: false,
  cancel: false,
  retry: false,
  sendHere: false,
  forget: false,
  uploadAnyway: false,
};

describe('job state words', () => {
  it('names each state the way a technician says it', () => {
    const labels = (
      ['queued', 'registering', 'finalizing', 'done', 'paused', 'failed', 'cancelled'] as const
    ).map((state) => jobStatusText(jobView(1, { state }), undefined, 0).label);
    expect(labels).toEqual(['Waiting', 'Registering', 'Finishing', 'Done', 'Paused', 'Failed', 'Cancelled']);
  });

  it('shows percentage, speed and time left while uploading', () => {
    const text = jobStatusText(
      jobView(1, { state: 'uploading', bytesDone: 200 }),
      {
        id: 1,
        bytesSent: 420,
        size: 1000,
        speed: 2 * 1024 * 1024,
        eta: 180,
      },
      0,
    );
    expect(text).toMatchObject({ label: 'Uploading 42%', tone: 'info', detail: '2.0 MiB/s · 3 min left' });
    expect(text.fraction).toBeCloseTo(0.42);
  });

  it('counts down to an automatic retry and explains failures with what to do', () => {
    const waiting = jobStatusText(
      jobView(1, {
        state: 'uploading',
        retryAt: 12_000,
        error: { message: 'The network dropped.', kind: 'network', retryable: true },
      }),
      undefined,
      0,
    );
    expect(waiting).toMatchObject({ label: 'Waiting to retry', tone: 'warning' });
    expect(waiting.detail).toBe('The server could not be reached. Retrying in 12 s');
    // The next attempt under way: the failure stays in view until one gets through.
    const again = jobStatusText(
      jobView(1, {
        state: 'uploading',
        error: { message: 'The network dropped.', kind: 'network', retryable: true },
      }),
      undefined,
      0,
    );
    expect(again).toMatchObject({
      label: 'Retrying',
      tone: 'warning',
      detail: 'The server could not be reached. Trying again now.',
    });
    const failed = jobStatusText(
      jobView(1, {
        state: 'failed',
        error: { message: 'The file changed.', kind: 'source-changed', retryable: false },
      }),
      undefined,
      0,
    );
    expect(failed.tone).toBe('danger');
    expect(failed.detail).toContain('Press Retry once the scanner has finished writing it.');
  });

  it('words errors in the one vocabulary and keeps the technical message as the details', () => {
    const message = 'POST /Images (storage) failed — could not reach the server (ECONNRESET).';
    const waiting = jobStatusText(
      jobView(1, {
        state: 'registering',
        retryAt: 5_000,
        error: { message, kind: 'network', retryable: true },
      }),
      undefined,
      0,
    );
    expect(waiting.detail).toBe('The server could not be reached. Retrying in 5 s');
    expect(waiting.problem).toBe(message);
    const failed = jobStatusText(
      jobView(1, { state: 'failed', error: { message, kind: 'network', retryable: true } }),
      undefined,
      0,
    );
    // A failed row has a Retry button: the advice names it, and says nothing else to do.
    expect(failed.detail).toBe('The server could not be reached. Check the network, then press Retry.');
    expect(failed.detail).not.toContain('failed —');
    expect(failed.problem).toBe(message);
    expect(jobStatusText(jobView(1, { state: 'done' }), undefined, 0).problem).toBeNull();
  });

  it('offers only the actions that fit the state', () => {
    expect(jobActions(jobView(1, { state: 'uploading' }))).toEqual({ ...none, pause: true, cancel: true });
    expect(jobActions(jobView(1, { state: 'paused' }))).toEqual({ ...none, resume: true, cancel: true });
    expect(jobActions(jobView(1, { state: 'failed' }))).toEqual({ ...none, retry: true });
    expect(jobActions(jobView(1, { state: 'done' }))).toEqual({ ...none, forget: true });
    expect(jobActions(jobView(1, { state: 'uploading', retryAt: 5 })).retry).toBe(true);
    // Being compared with an earlier upload: it can be cancelled, not paused (resuming would skip the check).
    expect(jobActions(jobView(1, { state: 'checking' }))).toEqual({ ...none, cancel: true });
    expect(jobActions(jobView(1, { state: 'duplicate', duplicateOf: 3 }))).toEqual({
      ...none,
      uploadAnyway: true,
    });
    expect(jobStatusText(jobView(1, { state: 'duplicate', duplicateOf: 3 }), undefined, 0)).toMatchObject({
      label: 'Already uploaded',
      detail: expect.stringContaining('job #3'),
    });
  });

  it("offers another server's unfinished job only sending here or cancelling", () => {
    const elsewhere = { elsewhere: true, destination: 'http://a.example:4010' };
    expect(jobActions(jobView(1, { ...elsewhere, state: 'uploading', retryAt: 5 }))).toEqual({
      ...none,
      sendHere: true,
      cancel: true,
    });
    expect(jobActions(jobView(1, { ...elsewhere, state: 'paused' }))).toEqual({
      ...none,
      sendHere: true,
      cancel: true,
    });
    expect(jobActions(jobView(1, { ...elsewhere, state: 'failed' }))).toEqual({ ...none, sendHere: true });
    // Its finished uploads are that server's history (forgettable); a cancelled one was stopped on purpose.
    expect(jobActions(jobView(1, { ...elsewhere, state: 'done' }))).toEqual({ ...none, forget: true });
    expect(jobActions(jobView(1, { ...elsewhere, state: 'cancelled' }))).toEqual(none);
  });
});

describe("another server's jobs", () => {
  const elsewhere = { elsewhere: true, destination: 'http://a.example:4010' };

  it('shows an unfinished one as held for that server, whatever state it was left in', () => {
    for (const state of ['queued', 'registering', 'uploading', 'finalizing', 'paused', 'failed'] as const) {
      const text = jobStatusText(
        jobView(1, {
          ...elsewhere,
          state,
          bytesDone: 500,
          error: { message: 'x', kind: 'network', retryable: true },
        }),
        { id: 1, bytesSent: 600, size: 1000, speed: 1000, eta: 1 },
        0,
      );
      expect(text).toEqual({
        label: 'Held — for a.example:4010',
        tone: 'warning',
        detail: '',
        problem: null,
        fraction: null,
      });
    }
  });

  it('says where a finished or cancelled one went', () => {
    expect(jobStatusText(jobView(1, { ...elsewhere, state: 'done' }), undefined, 0)).toMatchObject({
      label: 'Done',
      detail: 'Uploaded to a.example:4010',
    });
    expect(jobStatusText(jobView(1, { ...elsewhere, state: 'cancelled' }), undefined, 0)).toMatchObject({
      label: 'Cancelled',
      detail: 'Was for a.example:4010',
    });
    expect(jobStatusText(jobView(1, { state: 'done' }), undefined, 0).detail).toBe('');
  });
});

describe('patient on a queue row', () => {
  it('names the patient the slide was tagged with, or that it has none', () => {
    expect(patientLabel(jobView(1, { metadata: { userid: 19, patient_id: 12 } }))).toBe('Patient 12');
    expect(patientLabel(jobView(1, { metadata: { userid: 19, patient_id: 0 } }))).toBe('Patient 0');
    expect(patientLabel(jobView(1))).toBe('No patient');
  });
});
