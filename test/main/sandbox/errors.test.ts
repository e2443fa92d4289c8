import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-main/api/index.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

/** Hostile and mistaken input: always a 4xx JSON answer with a message, never a crash or an HTML page. */
describe('sandbox answers bad requests with clear JSON errors', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.dispose());

  const call = async (method: string, path: string, body?: string, contentType = 'application/json') => {
    const response = await fetch(`${sandbox.api}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'Content-Type': contentType } }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    return {
      status: response.status,
      body: JSON.parse(text) as { success: boolean; msg?: string; status?: string; image?: unknown },
    };
  };

  it.each([
    ['malformed JSON', 'POST', '/Images', '{"filename": "a.svs",', 400, /JSON/i],
    [
      'wrong types',
      'POST',
      '/Images',
      JSON.stringify({ filename: 'a.svs', userid: 'nineteen' }),
      400,
      /userid/,
    ],
    ['missing filename', 'POST', '/Images', JSON.stringify({ userid: 19 }), 400, /filename/],
    ['negative id', 'POST', '/Images', JSON.stringify({ filename: 'a', userid: -1 }), 400, /userid/],
    ['non-numeric user id', 'GET', '/Images/userid/abc', undefined, 400, /user id/],
    [
      'non-numeric image id on PUT',
      'PUT',
      '/Images/abc',
      JSON.stringify({ status: 'Uploaded' }),
      400,
      /numeric image id/,
    ],
    [
      'unknown image id on PUT',
      'PUT',
      '/Images/999999',
      JSON.stringify({ status: 'x' }),
      404,
      /does not exist/,
    ],
    ['unknown image logs', 'GET', '/LogInfo/nope', undefined, 404, /does not exist/],
    [
      'log for unknown image',
      'POST',
      '/LogInfo',
      JSON.stringify({ imageid: 'nope', type: 'x', message: 'y' }),
      404,
      /does not exist/,
    ],
    ['unknown endpoint', 'GET', '/Nope', undefined, 404, /No such endpoint/],
    ['file of unknown image', 'GET', '/S3/file/nope', undefined, 404, /No file/],
    ['path traversal in raw files', 'GET', '/raw/abc/..%2F..%2Fsandbox.sqlite', undefined, 400, /file path/],
    [
      'annotation upload without a form',
      'POST',
      '/Annotations/upload',
      'x',
      400,
      /multipart|form/i,
      'multipart/form-data',
    ],
    [
      'unsupported content type',
      'POST',
      '/Images',
      'filename=a',
      415,
      /content-type|media type/i,
      'application/x-www-form-urlencoded',
    ],
  ])('%s → %i', async (_name, method, path, body, status, message, contentType?: string) => {
    const answer = await call(method, path, body, contentType);
    expect(answer.status).toBe(status);
    expect(answer.body.success).toBe(false);
    expect(answer.body.msg).toMatch(message);
  });

  // Calls whose documented answer is {success, status[, image]} refuse in that shape, never with `msg`.
  it.each([
    [
      'unknown image on DELETE',
      'DELETE',
      '/Images/ffffffffffffffffffffffffffffffff',
      undefined,
      404,
      /does not exist/,
    ],
    ['unknown image on start', 'GET', '/Images/startpredict/nope', undefined, 404, /does not exist/],
    ['unknown image on stop', 'GET', '/Images/stoppredict/nope', undefined, 404, /does not exist/],
    [
      'share without list',
      'POST',
      '/Images/adduser',
      JSON.stringify({ imageid: 'x', userid: 20 }),
      400,
      /userid/,
    ],
    [
      'share of unknown image',
      'POST',
      '/Images/removeuser',
      JSON.stringify({ imageid: 'nope', userid: [20] }),
      404,
      /does not exist/,
    ],
  ])('%s → %i {success: false, status}', async (_name, method, path, body, status, message) => {
    const answer = await call(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ success: false, status: expect.stringMatching(message) });
  });

  it('refuses start/stop predict and sharing of an existing image with the image in the answer', async () => {
    const created = await call(
      'POST',
      '/Images',
      JSON.stringify({ filename: 'refused.svs', userid: 19, patient_id: 1 }),
    );
    const uid = (created.body as unknown as { image_unique_id: string }).image_unique_id;
    const start = await call('GET', `/Images/startpredict/${uid}`);
    expect(start.status).toBe(409);
    expect(start.body).toEqual({
      success: false,
      status: expect.stringMatching(/not been uploaded/),
      image: expect.objectContaining({ image_unique_id: uid, patient_id: '1', shared: '19' }),
    });
    const stop = await call('GET', `/Images/stoppredict/${uid}`);
    expect(stop.status).toBe(409);
    expect(stop.body).toMatchObject({ success: false, status: expect.stringMatching(/No prediction/) });
    expect(stop.body.image).toMatchObject({ image_unique_id: uid });
    for (const action of ['adduser', 'removeuser', 'updateuser']) {
      const share = await call('POST', `/Images/${action}`, JSON.stringify({ imageid: uid, userid: [999] }));
      expect(share.status).toBe(400);
      expect(share.body).toEqual({
        success: false,
        status: expect.stringMatching(/Unknown user id\(s\): 999/),
        image: expect.objectContaining({ image_unique_id: uid }),
      });
    }
  });

  it('refuses a body over the size limit with 413', async () => {
    const answer = await call(
      'POST',
      '/LogInfo',
      JSON.stringify({ imageid: 'x', type: 't', message: 'm'.repeat(6 * 1024 * 1024) }),
    );
    expect(answer.status).toBe(413);
  });

  it('is still healthy after all that', async () => {
    const api = createApiClient({ baseUrl: sandbox.api });
    expect(Array.isArray(await api.listLogs())).toBe(true);
  });
});

describe('sandbox with --token', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ token: 's3cret-token' });
  });
  afterAll(() => sandbox.dispose());

  it('answers 401 JSON without the bearer token, and the client says to sign in again', async () => {
    const raw = await fetch(`${sandbox.api}/LogInfo`);
    expect(raw.status).toBe(401);
    expect(((await raw.json()) as { msg: string }).msg).toMatch(/token/);
    const anonymous = createApiClient({ baseUrl: sandbox.api });
    const failure = await anonymous.listLogs().catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false });
    expect(String((failure as Error).message)).toMatch(/Sign in again/);
    expect(String((failure as Error).message)).not.toContain('s3cret-token');
  });

  it('accepts the right token, refuses a wrong one', async () => {
    expect(await createApiClient({ baseUrl: sandbox.api, token: () => 's3cret-token' }).listLogs()).toEqual(
      [],
    );
    await expect(
      createApiClient({ baseUrl: sandbox.api, token: () => 'wrong' }).listLogs(),
    ).rejects.toMatchObject({ status: 401 });
  });
});
