import { describe, expect, it } from 'vitest';
import { SANDBOX_BUCKET } from '../../../src-main/sandbox/sandbox.js';
import { call, createImage, s3ErrorOf, sandboxPerTest } from './dialect-helpers.js';

/** errors-200 and errors-html: how refusals of the JSON API look on the wire. */
describe('error dialects', () => {
  const start = sandboxPerTest();
  const TOKEN = 'dialect-token';

  it('errors-200: every API refusal is HTTP 200 {success: false, status}; 401, files and S3 keep their status', async () => {
    const sandbox = await start({ dialects: ['errors-200'], token: TOKEN });
    const image = await createImage(sandbox, TOKEN);
    const refusals: Array<[string, string, unknown, RegExp]> = [
      ['PUT', '/Images/999999', { status: 'x' }, /Image 999999 does not exist/],
      ['PUT', '/Images/abc', { status: 'x' }, /numeric image id/],
      ['POST', '/Images', '{"filename": "a.svs",', /JSON/i],
      ['POST', '/Images', { userid: 19 }, /filename/],
      ['GET', '/Nope', undefined, /No such endpoint: GET \/Nope/],
      ['GET', '/Images/startpredict/nope', undefined, /does not exist/],
      ['GET', `/Images/startpredict/${image.image_unique_id}`, undefined, /not been uploaded/],
      ['GET', `/Images/stoppredict/${image.image_unique_id}`, undefined, /No prediction/],
      ['POST', '/Images/adduser', { imageid: image.image_unique_id, userid: [999] }, /Unknown user/],
      ['DELETE', '/Images/ffffffffffffffffffffffffffffffff', undefined, /does not exist/],
      ['GET', '/LogInfo/nope', undefined, /does not exist/],
    ];
    for (const [method, path, body, message] of refusals) {
      const answer = await call(sandbox, method, path, { body, token: TOKEN });
      expect(answer.status, `${method} ${path}`).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      // No image, no msg: exactly the two fields.
      expect(answer.json(), `${method} ${path}`).toEqual({
        success: false,
        status: expect.stringMatching(message),
      });
    }

    const unauthorized = await call(sandbox, 'GET', '/LogInfo');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.json()).toMatchObject({ success: false, msg: expect.stringMatching(/token/) });

    expect((await call(sandbox, 'GET', '/S3/file/nope', { token: TOKEN })).status).toBe(404);
    expect((await call(sandbox, 'GET', '/raw/nope/x.xml', { token: TOKEN })).status).toBe(404);
    const bucket = await fetch(`${sandbox.s3}/${SANDBOX_BUCKET}/${image.image_unique_id}`);
    expect(bucket.status).toBe(403);
    expect(s3ErrorOf(await bucket.text()).code).toBe('AccessDenied');
  });

  it('errors-html: API refusals keep their status with a Werkzeug HTML page; DELETE of an unknown image is a 500', async () => {
    const sandbox = await start({ dialects: ['errors-html'] });
    const page = (status: string, name: string, text: string) =>
      `<!doctype html>\n<html lang=en>\n<title>${status} ${name}</title>\n<h1>${name}</h1>\n<p>${text}</p>\n`;
    const html = async (method: string, path: string, body?: unknown) => {
      const answer = await call(sandbox, method, path, { body });
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      return answer;
    };

    const missing = await html('PUT', '/Images/999999', { status: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(page('404', 'Not Found', 'Image 999999 does not exist.'));

    const image = await createImage(sandbox);
    const early = await html('GET', `/Images/startpredict/${image.image_unique_id}`);
    expect(early.status).toBe(409);
    expect(early.text).toMatch(/^<!doctype html>\n<html lang=en>\n<title>409 Conflict<\/title>\n/);
    expect(early.text).toContain('has not been uploaded yet');

    // Werkzeug escapes descriptions with markupsafe: a quote becomes &#34;.
    const quoted = await html('PUT', '/Images/abc', { status: 'x' });
    expect(quoted.status).toBe(400);
    expect(quoted.text).toContain('not &#34;abc&#34;.</p>');

    const unknownUrl = await html('GET', '/Nope');
    expect(unknownUrl.status).toBe(404);
    expect(unknownUrl.text).toBe(
      page(
        '404',
        'Not Found',
        'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
      ),
    );

    const crashed = await html('DELETE', '/Images/ffffffffffffffffffffffffffffffff');
    expect(crashed.status).toBe(500);
    expect(crashed.text).toBe(
      page(
        '500',
        'Internal Server Error',
        'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
      ),
    );

    // Successes are unchanged JSON.
    const deleted = await call(sandbox, 'DELETE', `/Images/${image.image_unique_id}`);
    expect(deleted.json()).toEqual({ success: true, status: 'Image deleted' });
  });
});
