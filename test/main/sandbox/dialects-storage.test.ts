import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SANDBOX_BUCKET } from '../../../src-main/sandbox/sandbox.js';
import { waitFor } from '../../helpers/wait.js';
import {
  call,
  createImage,
  listedImage,
  postForm,
  s3ErrorOf,
  sandboxPerTest,
  uploadedImage,
} from './dialect-helpers.js';

const TWO_AUTH_MESSAGE =
  'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified';

/** The dialects that move bytes elsewhere: download-302, raw-on-s3 and sigv2. */
describe('storage dialects', () => {
  const start = sandboxPerTest();
  const TOKEN = 'dialect-token';

  it('download-302: redirects to a presigned S3 GET on host localhost that serves bytes and ranges without the token', async () => {
    const sandbox = await start({ dialects: ['download-302'], token: TOKEN });
    const bytes = randomBytes(300_000);
    const image = await uploadedImage(sandbox, bytes, TOKEN);

    const redirect = await call(sandbox, 'GET', `/S3/file/${image.image_unique_id}`, { token: TOKEN });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    const api = new URL(sandbox.api);
    expect(location.hostname).toBe('localhost');
    expect(location.host).toBe(`localhost:${api.port}`);
    expect(location.pathname).toBe(`/${SANDBOX_BUCKET}/${image.image_unique_id}`);
    expect(location.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(redirect.text).toContain('Redirecting...');

    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    expect(whole.headers.get('content-disposition')).toContain('Test.svs');
    const etag = whole.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const ranged = await fetch(location, { headers: { Range: 'bytes=1000-1999' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(ranged.headers.get('etag')).toBe(etag);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    // A client that keeps its API token across the host change is refused, as real S3 does.
    const leaked = await fetch(location, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(leaked.status).toBe(400);
    expect(s3ErrorOf(await leaked.text())).toEqual({ code: 'InvalidArgument', message: TWO_AUTH_MESSAGE });

    // Refusals of the route itself are unchanged.
    expect((await call(sandbox, 'GET', '/S3/file/nope', { token: TOKEN })).status).toBe(404);
  });

  it('raw-on-s3: base_raw_download_url is on another host that serves the XML without the token and refuses an Authorization header', async () => {
    const sandbox = await start({ dialects: ['raw-on-s3'], token: TOKEN });
    const image = await uploadedImage(sandbox, randomBytes(10_000), TOKEN);
    const uid = image.image_unique_id;
    await waitFor(
      async () =>
        (await listedImage(sandbox, uid, TOKEN))?.['tiling_status'] === 'Completed' ? true : undefined,
      'tiling',
    );
    expect((await call(sandbox, 'GET', `/Images/startpredict/${uid}`, { token: TOKEN })).status).toBe(200);
    const done = await waitFor(async () => {
      const listed = await listedImage(sandbox, uid, TOKEN);
      return listed?.['status'] === 'Prediction Completed' ? listed : undefined;
    }, 'prediction');

    const base = new URL(String(done['base_raw_download_url']));
    expect(base.host).toBe(`localhost:${new URL(sandbox.api).port}`);
    expect(base.pathname).toMatch(new RegExp(`/${uid}$`));
    const xmlUrl = `${base.href}/${uid}_complete_net_prediction.xml`;

    const xml = await fetch(xmlUrl);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe('application/xml');
    expect(await xml.text()).toMatch(/^<\?xml[\s\S]*<Annotations[\s\S]*<Region /);

    const leaked = await fetch(xmlUrl, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(leaked.status).toBe(400);
    const refusal = await leaked.text();
    expect(s3ErrorOf(refusal).code).toBe('InvalidArgument');
    expect(refusal).not.toContain(TOKEN);

    expect((await fetch(`${base.href}/${uid}_nothing.xml`)).status).toBe(404);
    // The API host's own raw route is still there (and still needs the token).
    expect((await call(sandbox, 'GET', `/raw/${uid}/${uid}_complete_net_prediction.xml`)).status).toBe(401);
  });

  it('sigv2: POST /Images returns the document’s V2 form, which uploads a file that downloads byte-identical', async () => {
    const sandbox = await start({ dialects: ['sigv2'] });
    const image = await createImage(sandbox);
    const { url, ...fields } = image.response;
    expect(url).toBe(`${sandbox.s3}/${SANDBOX_BUCKET}`);
    expect(Object.keys(fields).sort()).toEqual(['AWSAccessKeyId', 'key', 'policy', 'signature']);
    expect(fields['key']).toBe(image.image_unique_id);
    expect(fields['AWSAccessKeyId']).toBe(sandbox.credentials.accessKeyId);
    const policy = Buffer.from(fields['policy']!, 'base64').toString('utf8');
    const expiration = /^\{"expiration": "(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)", /.exec(policy)?.[1];
    expect(expiration).toBeDefined();
    expect(policy).toBe(
      `{"expiration": "${expiration}", "conditions": [{"bucket": "${SANDBOX_BUCKET}"}, {"key": "${image.image_unique_id}"}]}`,
    );
    const signature = createHmac('sha1', sandbox.credentials.secretAccessKey)
      .update(fields['policy']!)
      .digest('base64');
    expect(fields['signature']).toBe(signature);

    const other = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const tampered = await postForm({ ...image.response, signature: other }, Buffer.from('x'));
    expect(tampered.status).toBe(403);

    const bytes = randomBytes(200_000);
    expect((await postForm(image.response, bytes)).status).toBe(204);
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: { status: 'Uploaded' } });
    expect(put.status).toBe(200);
    const download = await fetch(`${sandbox.api}/S3/file/${image.image_unique_id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
