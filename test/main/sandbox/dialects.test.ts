import { describe, expect, it } from 'vitest';
import {
  DIALECTS,
  describeDialects,
  parseDialects,
  type Dialect,
} from '../../../src-main/sandbox/dialects.js';
import { startSandbox } from '../../../src-main/sandbox/sandbox.js';
import { call, createImage, sandboxPerTest } from './dialect-helpers.js';

/**
 * The dialects that change the JSON API's answers, each asserted on the wire with plain fetch against a real
 * sandbox. The storage dialects (download-302, raw-on-s3, sigv2) are in dialects-storage.test.ts.
 */
describe('parseDialects', () => {
  it('reads a comma-separated list, trimming blanks and repeats; nothing is no dialect', () => {
    expect(parseDialects(undefined)).toEqual([]);
    expect(parseDialects(' ')).toEqual([]);
    expect(parseDialects(' put-msg , errors-200,,put-msg ')).toEqual(['put-msg', 'errors-200']);
    const compatible = DIALECTS.filter((name) => !['put-msg', 'put-empty', 'errors-html'].includes(name));
    expect(parseDialects(compatible.join(','))).toEqual(compatible);
  });

  it('refuses an unknown name, listing every valid dialect with its description', () => {
    let message = '';
    try {
      parseDialects('put-msg,flask');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Unknown dialect "flask"\. Valid dialects:\n/);
    const listing = message.split('\n').slice(1);
    expect(listing).toHaveLength(DIALECTS.length);
    for (const [index, name] of DIALECTS.entries())
      expect(listing[index]).toMatch(new RegExp(`^  ${name} +\\S`));
    expect(describeDialects()).toBe(listing.join('\n'));
  });

  it.each([
    ['put-image,put-empty', /put-image and put-empty cannot be combined/],
    ['put-msg, put-image', /put-image and put-msg cannot be combined/],
    ['errors-html,errors-200', /errors-200 and errors-html cannot be combined/],
  ])('refuses mutually exclusive dialects: %s', (text, message) => {
    expect(() => parseDialects(text)).toThrow(message);
  });

  it('startSandbox refuses mutually exclusive dialects before it starts', async () => {
    const dialects: Dialect[] = ['put-msg', 'put-empty'];
    await expect(startSandbox({ dataDir: '/nonexistent/never-created', dialects })).rejects.toThrow(
      /cannot be combined/,
    );
  });
});

describe('dialects of the JSON API', () => {
  const start = sandboxPerTest();
  const putBody = { status: 'Stained', workarea_id: 6, study_id: 5 };

  it('none: PUT answers {success, status, image}; dates, ids and shared as the document shows', async () => {
    const sandbox = await start();
    expect(sandbox.dialects).toEqual([]);
    const image = await createImage(sandbox);
    expect(image).toMatchObject({ entity_id: '4', patient_id: '1', shared: '19' });
    expect(image['adddate']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: putBody });
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({
      success: true,
      status: 'Image updated',
      image: { workarea_id: '6', study_id: '5', status: 'Stained' },
    });
  });

  it('put-image: PUT answers the bare image object', async () => {
    const sandbox = await start({ dialects: ['put-image'] });
    const image = await createImage(sandbox);
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: putBody });
    expect(put.status).toBe(200);
    const body = put.json();
    expect(body).toMatchObject({ id: image.id, image_unique_id: image.image_unique_id, status: 'Stained' });
    expect(body).not.toHaveProperty('success');
    expect(body).not.toHaveProperty('image');
    expect(body).not.toHaveProperty('response');
  });

  it('put-msg: PUT answers {"success": true, "msg": "Updated"}', async () => {
    const sandbox = await start({ dialects: ['put-msg'] });
    const image = await createImage(sandbox);
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: putBody });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({ success: true, msg: 'Updated' });
  });

  it('put-empty: PUT answers 204 with an empty body, and the update is made', async () => {
    const sandbox = await start({ dialects: ['put-empty'] });
    const image = await createImage(sandbox);
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: putBody });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const listed = (await call(sandbox, 'GET', '/Images/userid/19')).json<Array<Record<string, unknown>>>();
    expect(listed.find((row) => row['id'] === image.id)).toMatchObject({ status: 'Stained' });
  });

  it('flask-dates: adddate/moddate and log dates in RFC 1123, as Flask jsonify writes datetimes', async () => {
    const sandbox = await start({ dialects: ['flask-dates'] });
    const rfc1123 =
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
    const image = await createImage(sandbox);
    expect(image['adddate']).toMatch(rfc1123);
    expect(image['moddate']).toMatch(rfc1123);
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: putBody });
    expect(put.json<{ image: { moddate: string } }>().image.moddate).toMatch(rfc1123);
    const added = await call(sandbox, 'POST', '/LogInfo', {
      body: { imageid: image.image_unique_id, type: 'Tiling', message: 'Tiling is running' },
    });
    expect(added.json()).toEqual({ success: true, msg: 'Log added' });
    for (const path of ['/LogInfo', `/LogInfo/${image.image_unique_id}`]) {
      const logs = (await call(sandbox, 'GET', path)).json<Array<{ adddate: string }>>();
      expect(logs.length).toBeGreaterThan(0);
      for (const log of logs) expect(log.adddate).toMatch(rfc1123);
    }
  });

  it('numeric-ids: id fields as JSON numbers, shared as a number while it names one user', async () => {
    const sandbox = await start({ dialects: ['numeric-ids'] });
    const image = await createImage(sandbox);
    expect(image).toMatchObject({
      entity_id: 4,
      patient_id: 1,
      workarea_id: null,
      study_id: null,
      shared: 19,
    });
    const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { body: putBody });
    expect(put.json<{ image: unknown }>().image).toMatchObject({ workarea_id: 6, study_id: 5 });
    const shared = await call(sandbox, 'POST', '/Images/adduser', {
      body: { imageid: image.image_unique_id, userid: [20] },
    });
    expect(shared.json<{ image: unknown }>().image).toMatchObject({ shared: '19,20' });
    const back = await call(sandbox, 'POST', '/Images/updateuser', {
      body: { imageid: image.image_unique_id, userid: [21] },
    });
    expect(back.json<{ image: unknown }>().image).toMatchObject({ shared: 21 });
  });

  it('shared-spaced: shared as "19, 20" (comma and space)', async () => {
    const sandbox = await start({ dialects: ['shared-spaced'] });
    const image = await createImage(sandbox);
    expect(image['shared']).toBe('19');
    const shared = await call(sandbox, 'POST', '/Images/adduser', {
      body: { imageid: image.image_unique_id, userid: [20, 21] },
    });
    expect(shared.json<{ image: unknown }>().image).toMatchObject({ shared: '19, 20, 21' });
    const listed = (await call(sandbox, 'GET', '/Images/userid/20')).json<Array<{ shared: string }>>();
    expect(listed.map((row) => row.shared)).toEqual(['19, 20, 21']);
  });

  it('no-loginfo: POST /LogInfo is an unknown endpoint (404); GET /LogInfo still works', async () => {
    const sandbox = await start({ dialects: ['no-loginfo'] });
    const image = await createImage(sandbox);
    const added = await call(sandbox, 'POST', '/LogInfo', {
      body: { imageid: image.image_unique_id, type: 'Upload', message: 'x' },
    });
    expect(added.status).toBe(404);
    expect(added.json()).toEqual({ success: false, msg: 'No such endpoint: POST /LogInfo' });
    const logs = await call(sandbox, 'GET', '/LogInfo');
    expect(logs.status).toBe(200);
    expect(Array.isArray(logs.json())).toBe(true);
  });

  it('no-multipart: no multipart extension routes, the same as multipart: false', async () => {
    const plain = await start();
    expect((await call(plain, 'GET', '/S3/multipart')).status).toBe(200);
    const sandbox = await start({ dialects: ['no-multipart'] });
    const absent = await call(sandbox, 'GET', '/S3/multipart');
    expect(absent.status).toBe(404);
    expect(absent.json()).toEqual({ success: false, msg: 'No such endpoint: GET /S3/multipart' });
    const legacy = await start({ multipart: false });
    expect(legacy.dialects).toEqual(['no-multipart']);
    expect((await call(legacy, 'GET', '/S3/multipart')).status).toBe(404);
  });
});
