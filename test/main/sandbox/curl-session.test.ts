import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';

const run = promisify(execFile);
const hasCurl = await run('curl', ['--version']).then(
  () => true,
  () => false,
);

/** A curl session that follows ../shared/api/pathomiq-api.md endpoint by endpoint, as a developer would by hand. */
describe.skipIf(!hasCurl)('curl session following the API document', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    // Predictions at speed 1 (~7.5 s): at speed 100 one is over in ~75 ms, and on a busy machine the next curl
    // process may not start before that, so its stop would find nothing running.
    sandbox = await startTestSandbox({ speed: 100, predictionSpeed: 1 });
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await sandbox.dispose();
    await temp.cleanup();
  });

  const curl = async (...args: string[]) => (await run('curl', ['-sS', '--fail-with-body', ...args])).stdout;
  const json = async <T>(...args: string[]) => JSON.parse(await curl(...args)) as T;
  const postJson = <T>(url: string, body: unknown) =>
    json<T>('-X', 'POST', '-H', 'Content-Type: application/json', '-d', JSON.stringify(body), url);

  it('walks every endpoint', async () => {
    const api = sandbox.api;
    const { file, bytes } = await writeRandomFile(temp.dir, 'Test.png', 1024 * 1024 + 5);

    // Add image data into database table, POST: /Images
    const image = await postJson<{ id: number; image_unique_id: string; response: Record<string, string> }>(
      `${api}/Images`,
      {
        patient_id: 1,
        entity_id: 4,
        filename: 'Test.png',
        userid: 19,
        workarea: 6,
        study: 5,
      },
    );
    const uid = image.image_unique_id;

    // Upload file to AWS: the returned fields, then the file last (see ../shared/README.md).
    const { url, ...fields } = image.response;
    const formArgs = Object.entries(fields).flatMap(([name, value]) => ['-F', `${name}=${value}`]);
    const status = await curl(
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      ...formArgs,
      '-F',
      `file=@${file}`,
      url!,
    );
    expect(status).toBe('204');

    // Update image data, PUT: /Images/<int:id>
    const updated = await json<{ image: { status: string } }>(
      '-X',
      'PUT',
      '-H',
      'Content-Type: application/json',
      '-d',
      JSON.stringify({
        status: 'Uploaded',
        entity_id: 4,
        patient_id: 3,
        location: 'dddddddddddddd',
        workarea_id: 6,
        description: 'xxxxxxxx',
        study_id: 5,
      }),
      `${api}/Images/${image.id}`,
    );
    expect(updated.image.status).toBe('Uploaded');

    // Download image file, GET: S3/file/<image_unique_id>
    const downloaded = path.join(temp.dir, 'downloaded.png');
    await curl('-o', downloaded, `${api}/S3/file/${uid}`);
    expect((await readFile(downloaded)).equals(bytes)).toBe(true);

    // Image list by user id; Users & Images list.
    expect(
      (await json<Array<{ image_unique_id: string }>>(`${api}/Images/userid/19`)).map(
        (i) => i.image_unique_id,
      ),
    ).toContain(uid);
    const users = await json<Array<{ userid: number; images: Array<{ image_unique_id: string }> }>>(
      `${api}/Users/imagelist`,
    );
    expect(users.find((u) => u.userid === 19)!.images.map((i) => i.image_unique_id)).toContain(uid);

    // Add / remove / update users in the Shared column.
    expect(
      (
        await postJson<{ image: { shared: string } }>(`${api}/Images/adduser`, {
          userid: [20, 21],
          imageid: uid,
        })
      ).image.shared,
    ).toBe('19,20,21');
    expect(
      (
        await postJson<{ image: { shared: string } }>(`${api}/Images/removeuser`, {
          userid: [21],
          imageid: uid,
        })
      ).image.shared,
    ).toBe('19,20');
    expect(
      (
        await postJson<{ image: { shared: string } }>(`${api}/Images/updateuser`, {
          userid: [19, 22],
          imageid: uid,
        })
      ).image.shared,
    ).toBe('19,22');

    // Add log; Log info list, all and per image.
    expect(
      await postJson(`${api}/LogInfo`, { imageid: uid, type: 'Tiling', message: 'Tiling is running' }),
    ).toEqual({ success: true, msg: 'Log added' });
    expect((await json<unknown[]>(`${api}/LogInfo`)).length).toBeGreaterThan(0);
    expect((await json<Array<{ message: string }>>(`${api}/LogInfo/${uid}`)).map((l) => l.message)).toContain(
      'Tiling is running',
    );

    // Start / stop prediction (once tiling is done), then let one finish.
    await waitFor(
      async () =>
        (
          await json<Array<{ image_unique_id: string; tiling_status: string }>>(`${api}/Images/userid/19`)
        ).find((i) => i.image_unique_id === uid)?.tiling_status === 'Completed'
          ? true
          : undefined,
      'tiling',
    );
    expect(
      (await json<{ success: boolean; status: string }>(`${api}/Images/startpredict/${uid}`)).status,
    ).toBe('Prediction started');
    expect(
      (await json<{ success: boolean; status: string }>(`${api}/Images/stoppredict/${uid}`)).status,
    ).toBe('Prediction stopped');
    await curl(`${api}/Images/startpredict/${uid}`);
    const done = await waitFor(
      async () =>
        (
          await json<Array<{ image_unique_id: string; status: string; base_raw_download_url: string }>>(
            `${api}/Images/userid/19`,
          )
        ).find((i) => i.image_unique_id === uid && i.status === 'Prediction Completed'),
      'prediction',
      30_000,
    );

    // Download the XML: <base_raw_download_url>/<image_unique_id>_complete_net_prediction.xml
    const xml = await curl(`${done.base_raw_download_url}/${uid}_complete_net_prediction.xml`);
    expect(xml).toMatch(/^<\?xml[\s\S]*<Annotations[\s\S]*<Region /);

    // Upload XML for annotation, POST: /Annotations/upload
    const annotation = path.join(temp.dir, 'annotation.xml');
    await writeFile(annotation, xml);
    const uploaded = await json<{ success: boolean; msg: string }>(
      '-F',
      `upload_file=@${annotation}`,
      '-F',
      `imageid=${image.id}`,
      '-F',
      'userid=19',
      '-F',
      `fileid=${uid}`,
      `${api}/Annotations/upload`,
    );
    expect(uploaded.success).toBe(true);

    // Delete image.
    expect(await json('-X', 'DELETE', `${api}/Images/${uid}`)).toEqual({
      success: true,
      status: 'Image deleted',
    });
  }, 90_000);
});
