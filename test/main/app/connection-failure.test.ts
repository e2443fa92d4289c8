import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/index.js';
import { describeConnectionFailure } from '../../../src-main/app/connection-failure.js';

const where = 'http://127.0.0.1:1234';
const apiError = (init: Partial<ConstructorParameters<typeof ApiError>[0]>) =>
  new ApiError({ endpoint: 'GET /Images/userid/19', kind: 'network', message: '', ...init });

describe('describeConnectionFailure', () => {
  it('names a refused connection in plain words, without the request or "tried again"', () => {
    const text = describeConnectionFailure(
      apiError({
        kind: 'network',
        message:
          'GET /Images/userid/19 failed — could not reach the server: ECONNREFUSED. Check the network and the server address in Settings; it will be tried again.',
      }),
      where,
    );
    expect(text).toBe(
      'Could not connect to http://127.0.0.1:1234: nothing is listening there (connection refused). Check the address and that the server is running.',
    );
  });

  it('names unknown hosts and timeouts', () => {
    expect(describeConnectionFailure(apiError({ message: '… ENOTFOUND …' }), where)).toMatch(
      /server name is not known \(ENOTFOUND\)\. Check the address/,
    );
    const timeout = describeConnectionFailure(apiError({ kind: 'timeout', message: '… ETIMEDOUT' }), where);
    expect(timeout).toMatch(/did not answer within 10 seconds/);
    expect(timeout).not.toMatch(/tried again|GET /);
  });

  it('says the token was refused, with the server message, for 401', () => {
    const text = describeConnectionFailure(
      apiError({ kind: 'unauthorized', status: 401, serverMessage: 'Invalid token.' }),
      where,
    );
    expect(text).toBe(
      'The server at http://127.0.0.1:1234 refused the token: Invalid token. Paste a current access token and test again.',
    );
  });

  it('says there is no PathomIQ API for 404, and names server trouble for 5xx', () => {
    expect(describeConnectionFailure(apiError({ kind: 'not-found', status: 404 }), where)).toMatch(
      /^No PathomIQ API at http:\/\/127\.0\.0\.1:1234/,
    );
    expect(describeConnectionFailure(apiError({ kind: 'server', status: 503 }), where)).toBe(
      'The server at http://127.0.0.1:1234 has a problem (HTTP 503). Try again in a moment.',
    );
  });

  it('keeps bearer tokens out of server messages', () => {
    const text = describeConnectionFailure(
      apiError({ kind: 'rejected', status: 400, serverMessage: 'bad header Bearer abc.def' }),
      where,
    );
    expect(text).not.toContain('abc.def');
  });

  it('falls back to the general wording for errors that are not the API client’s', () => {
    expect(describeConnectionFailure(new Error('boom'), where)).toMatch(
      /^Could not connect to http:\/\/127\.0\.0\.1:1234: The command did not work\. /,
    );
  });
});
