import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/index.js';
import { decideFailure, MAX_SOURCE_RESTARTS } from '../../../src-main/engine/failure-policy.js';
import { JobFailure } from '../../../src-main/engine/job-failure.js';

const timing = { retryBaseMs: 1000, retryCapMs: 120_000 };
const apiError = (kind: ConstructorParameters<typeof ApiError>[0]['kind'], retryAfterSeconds?: number) =>
  new ApiError({ endpoint: 'POST /Images', kind, message: `The server said ${kind}.`, retryAfterSeconds });
const job = (attempts = 0, sourceRestarts = 0) => ({ fileName: 'a.svs', attempts, sourceRestarts });

describe('failure policy (a pure function of the error, the persisted counters and the clock)', () => {
  it('restarts a changed source, counting, and fails it once it keeps changing', () => {
    const changed = new JobFailure('source-changed', 'a.svs changed.', true);
    expect(decideFailure(changed, job(0, 0), 0, timing)).toMatchObject({
      kind: 'restart-upload',
      sourceRestarts: 1,
    });
    expect(decideFailure(changed, job(0, MAX_SOURCE_RESTARTS), 0, timing)).toMatchObject({
      kind: 'fail',
      tellServer: false,
      error: { kind: 'source-changed', retryable: false, message: expect.stringContaining('keeps changing') },
    });
  });

  it('retries temporary failures with backoff from the persisted attempt count, honouring Retry-After', () => {
    const network = apiError('network');
    const first = decideFailure(network, job(0), 1_000_000, timing);
    expect(first).toMatchObject({ kind: 'retry', attempts: 1 });
    const later = decideFailure(network, job(5), 1_000_000, timing);
    expect(later.kind === 'retry' && first.kind === 'retry' && later.retryAt > first.retryAt).toBe(true);
    const limited = apiError('rate-limited', 600);
    expect(decideFailure(limited, job(0), 0, timing)).toMatchObject({ kind: 'retry', retryAt: 600_000 });
  });

  it('holds the queue on 401 and fails what needs a person, telling the server', () => {
    expect(decideFailure(apiError('unauthorized'), job(), 0, timing)).toMatchObject({
      kind: 'hold-queue',
    });
    expect(decideFailure(apiError('rejected'), job(), 0, timing)).toMatchObject({
      kind: 'fail',
      tellServer: true,
    });
    const expired = new JobFailure('upload-expired', 'No link.', true);
    expect(decideFailure(expired, job(MAX_SOURCE_RESTARTS), 0, timing)).toMatchObject({
      kind: 'fail',
      error: { message: expect.stringContaining('clock') },
    });
  });
});
