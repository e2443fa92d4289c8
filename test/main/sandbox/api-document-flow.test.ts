import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * The upload flow done by hand, exactly as ../shared/api/pathomiq-api.md describes it, with plain fetch:
 * POST /Images → form POST of the returned fields (file last) → PUT /Images/:id → GET S3/file/:uid.
 */
describe('the API document upload flow against the sandbox', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    sandbox = await startTestSandbox();
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await sandbox.dispose();
    await temp.cleanup();
  });

  const createImage = async () => {
    const response = await fetch(`${sandbox.api}/Images`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        patient_id: 1,
        entity_id: 4,
        filename: 'Test.png',
        userid: 19,
        workarea: 6,
        study: 5,
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown> & {
      id: number;
      image_unique_id: string;
      response: Record<string, string>;
    };
  };

  const postForm = async (
    presigned: Record<string, string>,
    file: Buffer,
    mutate?: (form: FormData) => void,
  ) => {
    const { url, ...fields } = presigned;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    mutate?.(form);
    form.append('file', new Blob([file]), 'Test.png');
    return fetch(url!, { method: 'POST', body: form });
  };

  it('creates the record with the documented shape and quirks', async () => {
    const image = await createImage();
    expect(image).toMatchObject({
      entity_id: '4',
      patient_id: '1',
      filename: 'Test.png',
      workarea_id: null,
      study_id: null,
      workarea: null,
      study: null,
      status: 'In Progress',
      base_download_url: null,
      base_raw_download_url: null,
      shared: '19',
      annotation_status: 'Pending',
      tissuearea_status: 'Pending',
      tiling_status: 'Pending',
      metric: null,
    });
    expect(typeof image.id).toBe('number');
    expect(image.image_unique_id).toMatch(/^[0-9a-f]{32}$/);
    expect(image.adddate).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(image.response.url).toBe(`${sandbox.s3}/${sandbox.bucket}`);
    expect(image.response.key).toBe(image.image_unique_id);
    const policy = JSON.parse(
      Buffer.from(image.response.policy ?? image.response.Policy ?? '', 'base64').toString('utf8'),
    ) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(Date.parse(policy.expiration) - Date.now()).toBeGreaterThan(3500_000);
    expect(JSON.stringify(policy.conditions)).toContain(image.image_unique_id);
  });

  it('uploads by form POST, marks Uploaded, and serves identical bytes', async () => {
    const { bytes } = await writeRandomFile(temp.dir, 'slide.bin', 3 * 1024 * 1024 + 17);
    const image = await createImage();
    const upload = await postForm(image.response, bytes);
    expect(upload.status).toBe(204);

    const put = await fetch(`${sandbox.api}/Images/${image.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        status: 'Uploaded',
        entity_id: 4,
        patient_id: 3,
        location: 'Rack 2',
        workarea_id: 6,
        description: 'core',
        study_id: 5,
      }),
    });
    expect(put.status).toBe(200);
    const updated = ((await put.json()) as { image: Record<string, unknown> }).image;
    expect(updated).toMatchObject({
      status: 'Uploaded',
      patient_id: '3',
      workarea_id: '6',
      study_id: '5',
      location: 'Rack 2',
      description: 'core',
    });
    expect(updated.base_download_url).toBe(`${sandbox.api}/S3/file/${image.image_unique_id}`);

    const download = await fetch(`${sandbox.api}/S3/file/${image.image_unique_id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    const ranged = await fetch(`${sandbox.api}/S3/file/${image.image_unique_id}`, {
      headers: { Range: 'bytes=100-199' },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('refuses to mark an image Uploaded before its file is stored', async () => {
    const image = await createImage();
    const put = await fetch(`${sandbox.api}/Images/${image.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'Uploaded' }),
    });
    expect(put.status).toBe(409);
    expect(((await put.json()) as { msg: string }).msg).toMatch(/No file has been uploaded/);
  });

  describe('storage refuses what S3 refuses (403, S3 XML)', () => {
    const expect403 = async (response: Response, code: RegExp) => {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/xml/);
      expect(await response.text()).toMatch(code);
    };

    it('a field no policy condition covers — the document example’s upload_file: true', async () => {
      const image = await createImage();
      await expect403(
        await postForm(image.response, Buffer.from('x'), (form) => form.append('upload_file', 'true')),
        /AccessDenied/,
      );
    });

    it('a tampered signature', async () => {
      const image = await createImage();
      const fields = { ...image.response };
      const signatureField = Object.keys(fields).find((name) => /signature$/i.test(name))!;
      fields[signatureField] = fields[signatureField]!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
      await expect403(await postForm(fields, Buffer.from('x')), /SignatureDoesNotMatch/);
    });

    it('a key other than the signed one', async () => {
      const image = await createImage();
      await expect403(
        await postForm({ ...image.response, key: 'someone-elses-image' }, Buffer.from('x')),
        /AccessDenied/,
      );
    });

    it('an expired policy', async () => {
      await sandbox.dispose();
      sandbox = await startTestSandbox({ presignTtlSeconds: 1 });
      const image = await createImage();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await expect403(await postForm(image.response, Buffer.from('x')), /expired/i);
    });

    it('ignores fields after the file', async () => {
      const image = await createImage();
      const { url, ...fields } = image.response;
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([Buffer.from('payload')]), 'a.bin');
      form.append('x-unsigned-after-file', 'ignored');
      expect((await fetch(url!, { method: 'POST', body: form })).status).toBe(204);
    });
  });

  it('keeps users, images, logs and objects across a restart', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'keep.bin', 200_000);
    const image = await createImage();
    expect((await postForm(image.response, await readFile(file))).status).toBe(204);
    await fetch(`${sandbox.api}/LogInfo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ imageid: image.image_unique_id, type: 'Upload', message: 'kept' }),
    });
    const dataDir = sandbox.dataDir;
    await sandbox.close();
    const again = await startTestSandbox({ dataDir });
    try {
      const images = (await (await fetch(`${again.api}/Images/userid/19`)).json()) as Array<{
        image_unique_id: string;
      }>;
      expect(images.map((i) => i.image_unique_id)).toContain(image.image_unique_id);
      const logs = (await (await fetch(`${again.api}/LogInfo/${image.image_unique_id}`)).json()) as Array<{
        message: string;
      }>;
      expect(logs.map((l) => l.message)).toContain('kept');
      const put = await fetch(`${again.api}/Images/${image.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'Uploaded' }),
      });
      expect(put.status).toBe(200);
      const download = await fetch(`${again.api}/S3/file/${image.image_unique_id}`);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      await again.close();
    }
  });
});
