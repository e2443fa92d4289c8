import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient, ApiError } from '../../../src-main/api/index.js';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { parseSharedUserIds } from '../../../src-shared/api/index.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';

const MiB = 1024 * 1024;
const VALID_XML = `<?xml version="1.0"?><Annotations MicronsPerPixel="0.5"><Annotation Id="1" Name="Tumour" LineColor="255"><Regions>
<Region Id="1" Type="0" NegativeROA="0"><Vertices><Vertex X="1" Y="1"/><Vertex X="9" Y="1"/><Vertex X="9" Y="9"/><Vertex X="1" Y="9"/></Vertices></Region>
</Regions></Annotation></Annotations>`;

describe('API client against the real sandbox', () => {
  let sandbox: TestSandbox;
  let api: ApiClient;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    // A running prediction lasts ~7.5 s (speed 1), so the calls below that stop it never find it already over,
    // however busy the machine; tiling stays fast.
    sandbox = await startTestSandbox({ speed: 100, predictionSpeed: 1 });
    api = createApiClient({ baseUrl: sandbox.api });
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await sandbox.dispose();
    await temp.cleanup();
  });

  /** Creates an image and uploads a random file for it through the presigned POST. */
  async function uploadedImage(size = 64 * 1024, userid = 19) {
    const { file, bytes } = await writeRandomFile(temp.dir, `slide-${Math.random()}.svs`, size);
    const created = await api.createImage({
      filename: path.basename(file),
      userid,
      patient_id: 7,
      entity_id: 4,
      workarea: 6,
      study: 5,
    });
    await api.uploadByPresignedPost(created.response, file);
    const { image } = await api.updateImage(created.id, { status: 'Uploaded', workarea_id: 6, study_id: 5 });
    // The default sandbox answers PUT with the image (other servers need not: see the dialect tests).
    if (!image) throw new Error('PUT /Images/:id answered without the image');
    return { image, file, bytes };
  }

  it('creates an image: normalised ids, presigned POST in response', async () => {
    const created = await api.createImage({ filename: 'a.svs', userid: 19, patient_id: 1, entity_id: 4 });
    expect(created.entity_id).toBe(4);
    expect(created.patient_id).toBe(1);
    expect(created.workarea_id).toBeNull();
    expect(parseSharedUserIds(created.shared)).toEqual([19]);
    expect(created.response.url).toContain(sandbox.bucket);
    expect(created.response.key).toBe(created.image_unique_id);
  });

  it('lists images of a user and of all users', async () => {
    const { image } = await uploadedImage();
    expect((await api.listImagesOfUser(19)).map((i) => i.image_unique_id)).toContain(image.image_unique_id);
    const all = await api.listUsersWithImages();
    expect(all.map((u) => u.userid)).toEqual(expect.arrayContaining([19, 20, 21]));
    expect(all.find((u) => u.userid === 19)!.images.map((i) => i.image_unique_id)).toContain(
      image.image_unique_id,
    );
    expect(all.find((u) => u.userid === 20)!.images.map((i) => i.image_unique_id)).not.toContain(
      image.image_unique_id,
    );
  });

  it('shares: add, remove, update; unknown users refused', async () => {
    const { image } = await uploadedImage();
    const uid = image.image_unique_id;
    expect(parseSharedUserIds((await api.addUsers(uid, [20, 21])).image?.shared ?? null)).toEqual([
      19, 20, 21,
    ]);
    expect(parseSharedUserIds((await api.removeUsers(uid, [20])).image?.shared ?? null)).toEqual([19, 21]);
    expect(parseSharedUserIds((await api.setUsers(uid, [19, 22])).image?.shared ?? null)).toEqual([19, 22]);
    expect((await api.listImagesOfUser(22)).map((i) => i.image_unique_id)).toContain(uid);
    await expect(api.addUsers(uid, [999])).rejects.toMatchObject({
      kind: 'rejected',
      status: 400,
      serverMessage: expect.stringMatching(/999/),
    });
  });

  it('adds and lists logs, per image and all', async () => {
    const { image } = await uploadedImage();
    expect(
      await api.addLog({ imageid: image.image_unique_id, type: 'Upload', message: 'Upload finished' }),
    ).toEqual({ success: true, msg: 'Log added' });
    const mine = await api.listLogs(image.image_unique_id);
    expect(mine.map((l) => l.message)).toContain('Upload finished');
    expect(mine.every((l) => l.imageid === image.image_unique_id)).toBe(true);
    expect((await api.listLogs()).length).toBeGreaterThanOrEqual(mine.length);
  });

  it('runs the simulated pipeline after an upload', async () => {
    const { image } = await uploadedImage();
    const done = await waitFor(async () => {
      const current = (await api.listImagesOfUser(19)).find(
        (i) => i.image_unique_id === image.image_unique_id,
      );
      return current?.annotation_status === 'Completed' ? current : undefined;
    }, 'processing to finish');
    expect(done).toMatchObject({ tiling_status: 'Completed', tissuearea_status: 'Completed' });
    expect(done.tissue_area).toBeGreaterThan(0);
    const types = new Set((await api.listLogs(image.image_unique_id)).map((l) => l.type));
    expect([...types]).toEqual(expect.arrayContaining(['Tiling', 'TissueArea', 'Annotation']));
  });

  it('starts, stops and completes a prediction, then serves its ImageScope XML', async () => {
    const { image } = await uploadedImage();
    const uid = image.image_unique_id;
    // The image exists; its prediction result does not yet.
    await expect(api.downloadPredictionXml(image)).rejects.toMatchObject({ kind: 'not-ready' });
    await waitFor(
      async () =>
        (await api.listImagesOfUser(19)).find((i) => i.image_unique_id === uid)?.tiling_status === 'Completed'
          ? true
          : undefined,
      'tiling',
    );

    const started = await api.startPrediction(uid);
    expect(started).toMatchObject({
      success: true,
      status: 'Prediction started',
      image: { status: 'Prediction Running' },
    });
    await expect(api.startPrediction(uid)).rejects.toMatchObject({ kind: 'conflict' });
    const stopped = await api.stopPrediction(uid);
    expect(stopped.image?.status).toBe('Prediction Stopped');
    await expect(api.stopPrediction(uid)).rejects.toMatchObject({ kind: 'conflict' });

    await api.startPrediction(uid);
    const finished = await waitFor(async () => {
      const current = (await api.listImagesOfUser(19)).find((i) => i.image_unique_id === uid);
      return current?.status === 'Prediction Completed' ? current : undefined;
    }, 'prediction');
    expect(finished.outcome_prediction).toMatch(/risk/);
    expect(Number(finished.metric)).toBeGreaterThanOrEqual(0);
    const xml = await api.downloadPredictionXml(finished);
    const validation = validateImageScopeXml(xml);
    expect(validation.ok).toBe(true);
    const messages = (await api.listLogs(uid)).filter((l) => l.type === 'Prediction').map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(['Prediction started', 'Prediction stopped by user']));
  });

  it('refuses a prediction before the slide is processed', async () => {
    const created = await api.createImage({ filename: 'early.svs', userid: 19 });
    await expect(api.startPrediction(created.image_unique_id)).rejects.toMatchObject({
      kind: 'conflict',
      status: 409,
    });
  });

  it('uploads annotation XML and refuses bad XML with a clear 400', async () => {
    const { image } = await uploadedImage();
    const ok = await api.uploadAnnotation({
      xml: VALID_XML,
      fileName: 'tumour.xml',
      imageId: image.id,
      userId: 19,
      imageUniqueId: image.image_unique_id,
    });
    expect(ok).toMatchObject({ success: true, msg: expect.stringMatching(/1 regions in 1 layers/) });
    for (const [xml, pattern] of [
      ['', /empty/i],
      ['<Annotations><Annotation>', /well-formed|malformed/i],
      ['<ASAP_Annotations><Annotations/></ASAP_Annotations>', /ASAP/],
      ['just text', /well-formed|not XML|malformed/i],
    ] as const) {
      const attempt = api.uploadAnnotation({
        xml,
        fileName: 'bad.xml',
        imageId: image.id,
        userId: 19,
        imageUniqueId: image.image_unique_id,
      });
      await expect(attempt).rejects.toMatchObject({
        status: 400,
        serverMessage: expect.stringMatching(pattern),
      });
    }
    const wrongId = api.uploadAnnotation({
      xml: VALID_XML,
      fileName: 'a.xml',
      imageId: image.id + 1000,
      userId: 19,
      imageUniqueId: image.image_unique_id,
    });
    await expect(wrongId).rejects.toMatchObject({
      status: 400,
      serverMessage: expect.stringMatching(/does not match/),
    });
  });

  it('accepts concurrent annotation uploads for one image (each one stored whole)', async () => {
    const { image } = await uploadedImage();
    const uploads = Array.from({ length: 6 }, (_, i) =>
      api.uploadAnnotation({
        xml: VALID_XML,
        fileName: `copy-${i}.xml`,
        imageId: image.id,
        userId: 19,
        imageUniqueId: image.image_unique_id,
      }),
    );
    const results = await Promise.all(uploads);
    expect(results.every((result) => result?.success)).toBe(true);
    // The simulated pipeline logs its own annotation step too; count the uploads only.
    const logged = (await api.listLogs(image.image_unique_id)).filter((l) =>
      /^Annotation .* uploaded/.test(l.message),
    );
    expect(logged).toHaveLength(6);
  });

  it('downloads the image to a file with progress, and by range', async () => {
    const { image, bytes } = await uploadedImage(2 * MiB + 3);
    const target = path.join(temp.dir, 'downloaded.svs');
    const seen: number[] = [];
    const { bytes: count } = await api.downloadImageToFile(image.image_unique_id, target, {
      onProgress: (loaded) => seen.push(loaded),
    });
    expect(count).toBe(bytes.length);
    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect(seen.at(-1)).toBe(bytes.length);
    const part = await api.openImageDownload(image.image_unique_id, { range: { start: 10, end: 19 } });
    expect(part.status).toBe(206);
    const chunks: Buffer[] = [];
    for await (const chunk of part.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes.subarray(10, 20))).toBe(true);
  });

  it('deletes an image with its file', async () => {
    const { image } = await uploadedImage();
    expect(await api.deleteImage(image.image_unique_id)).toEqual({ success: true, status: 'Image deleted' });
    await expect(api.deleteImage(image.image_unique_id)).rejects.toMatchObject({
      kind: 'not-found',
      status: 404,
    });
    await expect(api.openImageDownload(image.image_unique_id)).rejects.toMatchObject({ kind: 'not-found' });
    expect((await api.listImagesOfUser(19)).map((i) => i.image_unique_id)).not.toContain(
      image.image_unique_id,
    );
  });

  describe('S3 multipart extension', () => {
    it('is discovered', async () => {
      expect(await api.getMultipartCapabilities()).toMatchObject({
        multipart: true,
        minPartSize: 5 * MiB,
        maxParts: 10_000,
      });
    });

    it('create, sign, upload with Content-MD5, list, complete → identical bytes', async () => {
      const { file, bytes } = await writeRandomFile(temp.dir, 'mp.svs', 5 * MiB + 12_345);
      const created = await api.createImage({ filename: 'mp.svs', userid: 19 });
      const { key, uploadId } = await api.createMultipartUpload({
        imageid: created.image_unique_id,
        filename: 'mp.svs',
      });
      expect(key).toBe(created.image_unique_id);
      const { presignedUrls } = await api.signParts(key, uploadId, [1, 2]);
      const slices = [
        { n: 1, start: 0, end: 5 * MiB - 1 },
        { n: 2, start: 5 * MiB, end: bytes.length - 1 },
      ];
      const etags: Record<number, string> = {};
      for (const { n, start, end } of slices) {
        const md5 = createHash('md5')
          .update(bytes.subarray(start, end + 1))
          .digest('base64');
        const stored = await api.uploadPart(
          presignedUrls[String(n)]!,
          createReadStream(file, { start, end }),
          {
            contentLength: end - start + 1,
            contentMd5: md5,
          },
        );
        etags[n] = stored.etag;
      }
      const listed = await api.listParts(key, uploadId);
      expect(listed.map((p) => [p.PartNumber, p.Size])).toEqual([
        [1, 5 * MiB],
        [2, 12_345],
      ]);
      const done = await api.completeMultipartUpload(key, uploadId, {
        parts: listed.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })),
      });
      expect(done.size).toBe(bytes.length);
      expect(done.etag).toMatch(/-2"?$/);
      expect(listed.map((p) => p.ETag)).toEqual([etags[1], etags[2]]);
      await api.updateImage(created.id, { status: 'Uploaded' });
      const target = path.join(temp.dir, 'mp-back.svs');
      await api.downloadImageToFile(key, target);
      expect((await readFile(target)).equals(bytes)).toBe(true);
    });

    it('refuses a part whose Content-MD5 does not match, and can abort', async () => {
      const created = await api.createImage({ filename: 'bad.svs', userid: 19 });
      const { key, uploadId } = await api.createMultipartUpload({ imageid: created.image_unique_id });
      const { url } = await api.signPart(key, uploadId, 1);
      const body = Buffer.alloc(1024, 7);
      const wrongMd5 = createHash('md5').update('something else').digest('base64');
      await expect(
        api.uploadPart(url, body, { contentLength: body.length, contentMd5: wrongMd5 }),
      ).rejects.toMatchObject({ status: 400 });
      await api.abortMultipartUpload(key, uploadId);
      await expect(api.listParts(key, uploadId)).rejects.toBeInstanceOf(ApiError);
    });

    it('refuses an expired part URL with 403', async () => {
      const short = await startTestSandbox({ presignTtlSeconds: 1 });
      try {
        const client = createApiClient({ baseUrl: short.api });
        const created = await client.createImage({ filename: 'late.svs', userid: 19 });
        const { key, uploadId } = await client.createMultipartUpload({ imageid: created.image_unique_id });
        const { url } = await client.signPart(key, uploadId, 1);
        await new Promise((resolve) => setTimeout(resolve, 2100));
        await expect(client.uploadPart(url, Buffer.from('late'), { contentLength: 4 })).rejects.toMatchObject(
          { kind: 'forbidden', status: 403 },
        );
      } finally {
        await short.dispose();
      }
    });
  });
});
