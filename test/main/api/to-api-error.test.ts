import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/api-error.js';
import { errorLine, wordError } from '../../../src-shared/app/error-words.js';
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
    [409, 'conflict', false, /Refresh the list/],
    [400, 'rejected', false, /Correct what the server names/],
    [413, 'too-large', false, /size limit/],
    [429, 'rate-limited', true, /in a minute/],
    [503, 'server', true, /PathomIQ administrator/],
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
    // The technical account (the failure's details), then what people read: its kind in the one vocabulary.
    expect(error.message).toBe(`GET /LogInfo failed — the server answered HTTP ${status}: Server says no.`);
    expect(errorLine(wordError(error.kind))).toMatch(advice);
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
      'POST /b (storage) failed — could not reach the server: the connection was dropped (ECONNRESET).',
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
    expect(serverMessageOf('<Error><Code>X</Code></Error>')).toBeUndefined();
    expect(serverMessageOf(null)).toBeUndefined();
    expect(serverMessageOf('x'.repeat(10_000))!.length).toBe(300);
  });

  it('reads an HTML error page as its title and first paragraph, never markup', () => {
    const werkzeug =
      '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n' +
      '<p>The server encountered an internal error &amp; was unable to complete your request.</p>\n';
    expect(serverMessageOf(werkzeug)).toBe(
      'Internal Server Error: The server encountered an internal error & was unable to complete your request.',
    );
    const nginx =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body></html>';
    expect(serverMessageOf(nginx)).toBe('Bad Gateway');
    expect(serverMessageOf('<pre>not a paragraph</pre><title>T</title>')).toBeUndefined();
    const error = toApiError(responseError(500, werkzeug), 'DELETE /Images/x');
    expect(error.message).toBe(
      'DELETE /Images/x failed — the server answered HTTP 500: Internal Server Error: The server encountered an internal error & was unable to complete your request.',
    );
    expect(error.message).not.toMatch(/<|tried again/);
  });

  it('decodes the entities error pages use', () => {
    expect(
      serverMessageOf(
        '<title>400 Bad Request</title><p>Image &#34;x&#34; &lt;gone&gt; &#x27;y&#x27; &bogus;</p>',
      ),
    ).toBe('Bad Request: Image "x" <gone> \'y\' &bogus;');
  });

  it('reads a plain-text error body as its first line', () => {
    expect(serverMessageOf('\n  Image not found\nTraceback (most recent call last):\n  File "app.py"')).toBe(
      'Image not found',
    );
  });

  it("promises no retry in any message: whether one happens is the caller's decision", () => {
    for (const status of [400, 401, 403, 404, 409, 413, 429, 500, 502, 503]) {
      expect(toApiError(responseError(status, ''), 'GET /x').message).not.toMatch(/tried again|will retry/i);
    }
    expect(toApiError(new AxiosError('x', 'ECONNREFUSED'), 'GET /x').message).not.toMatch(/tried again/);
    expect(toApiError(new AxiosError('x', 'ECONNABORTED'), 'GET /x').message).not.toMatch(/tried again/);
  });
});
