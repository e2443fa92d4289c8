import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/api-error.js';
import { retryAfterSeconds, serverMessageOf, toApiError } from '../../../src-main/api/to-api-error.js';

const responseError = (status: number, data: unknown, headers: Record<string, string> = {}) => {
  const config = { headers: new AxiosHeaders({ Authorization: 'Bearer secret-token' }) };
  return new AxiosError(
    'Request failed',
    'ERR_BAD_RESPONSE',
    config,
    {},
    { status, statusText: '', data, headers, config },
  );
};

describe('toApiError', () => {
  it.each([
    [401, 'unauthorized', false, /Sign in again/],
    [403, 'forbidden', false, /access/],
    [404, 'not-found', false, /deleted/],
    [409, 'conflict', false, /Wait/],
    [400, 'rejected', false, /Check the values/],
    [413, 'too-large', false, /larger/],
    [429, 'rate-limited', true, /busy/],
    [503, 'server', true, /temporary/],
  ] as const)('HTTP %i → %s (retryable: %s)', (status, kind, retryable, advice) => {
    const error = toApiError(
      responseError(status, { success: false, msg: 'Server says no.' }),
      'GET /LogInfo',
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind,
      retryable,
      status,
      serverMessage: 'Server says no.',
      endpoint: 'GET /LogInfo',
    });
    expect(error.message).toMatch(/^GET \/LogInfo failed — the server answered HTTP \d+: Server says no\. /);
    expect(error.message).toMatch(advice);
  });

  it('never carries the request config (and so the token)', () => {
    const error = toApiError(responseError(500, 'oops'), 'GET /x');
    expect(JSON.stringify(error)).not.toContain('secret-token');
    expect(Object.values(error).join(' ')).not.toContain('secret-token');
  });

  it('reads S3 XML error messages', () => {
    const xml =
      '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
    expect(toApiError(responseError(403, xml), 'PUT /b/k').serverMessage).toBe('Request has expired');
  });

  it('classifies network failures and timeouts as retryable', () => {
    const refused = new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED');
    expect(toApiError(refused, 'GET /x')).toMatchObject({
      kind: 'network',
      retryable: true,
      status: undefined,
    });
    expect(toApiError(new AxiosError('socket hang up', 'ECONNRESET'), 'POST /b (storage)').message).toBe(
      'POST /b (storage) failed — could not reach the server: the connection was dropped (ECONNRESET). Check the network and the server address in Settings; it will be tried again.',
    );
    const timeout = new AxiosError('timeout of 30000ms exceeded', 'ECONNABORTED');
    expect(toApiError(timeout, 'GET /x')).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('honours Retry-After in seconds or as a date', () => {
    expect(toApiError(responseError(429, '', { 'retry-after': '7' }), 'GET /x').retryAfterSeconds).toBe(7);
    expect(retryAfterSeconds(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3);
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });

  it('pulls messages from hostile bodies without throwing', () => {
    expect(serverMessageOf('{"broken json')).toBeUndefined();
    expect(serverMessageOf({ detail: 'Not allowed' })).toBe('Not allowed');
    expect(serverMessageOf('<html><body>502</body></html>')).toBeUndefined();
    expect(serverMessageOf(null)).toBeUndefined();
    expect(serverMessageOf('x'.repeat(10_000))!.length).toBe(500);
  });
});
