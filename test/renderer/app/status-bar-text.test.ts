import { describe, expect, it } from 'vitest';
import { sendingText, serverHealth } from '../../../src-renderer/app/status-bar-text.js';
import { jobView } from '../../helpers/job-view.js';

describe('sendingText', () => {
  it('shows the speed when it is known and leaves it out otherwise', () => {
    expect(sendingText(2, 2 * 1024 * 1024)).toBe('2 uploading · 2.0 MiB/s');
    expect(sendingText(1, 0)).toBe('1 uploading');
    expect(sendingText(1, null)).toBe('1 uploading');
    expect(sendingText(1, Number.NaN)).toBe('1 uploading');
  });
});

describe('server health in the status bar', () => {
  const network = { message: 'Could not reach the server (ECONNREFUSED).', kind: 'network', retryable: true };
  const none = { hold: null, problem: null };

  it('is green only when nothing waits on the server', () => {
    expect(serverHealth(none, [jobView(1, { state: 'uploading' })], 0)).toMatchObject({
      tone: 'ok',
      text: 'Connected',
    });
  });

  it('turns amber with the next try while jobs wait for a server that does not answer', () => {
    const waiting = jobView(1, { state: 'uploading', retryAt: 8_000, error: network });
    expect(serverHealth(none, [waiting], 0)).toMatchObject({
      tone: 'warning',
      text: 'Server unreachable — retrying in 8 s',
      detail: expect.stringContaining('ECONNREFUSED'),
    });
    // An attempt under way after the failure: still not green.
    expect(serverHealth(none, [jobView(1, { state: 'uploading', error: network })], 0).text).toBe(
      'Server unreachable — trying again now',
    );
    // A file's own problem, or another server's held job, says nothing about this server.
    const refused = { message: 'Refused.', kind: 'rejected', retryable: false };
    expect(serverHealth(none, [jobView(2, { state: 'failed', error: refused })], 0).tone).toBe('ok');
    expect(
      serverHealth(
        none,
        [jobView(3, { state: 'uploading', retryAt: 8_000, error: network, elsewhere: true })],
        0,
      ).tone,
    ).toBe('ok');
  });

  it('turns red when the queue waits for a new sign-in, and amber for a problem with the server', () => {
    const hold = { reason: 'auth' as const, message: 'The server refused the token. The queue is paused.' };
    expect(serverHealth({ hold, problem: null }, [], 0)).toMatchObject({
      tone: 'danger',
      detail: hold.message,
    });
    expect(serverHealth({ hold: null, problem: 'No server is set.' }, [], 0)).toMatchObject({
      tone: 'warning',
      detail: 'No server is set.',
    });
  });
});
