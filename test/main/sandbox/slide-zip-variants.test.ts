import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import {
  dicomEntries,
  miraxEntries,
  storedZip,
  vsiEntries,
  withWrongDescriptorSize,
} from '../../helpers/slide-zips.js';
import { SandboxS3 } from './sandbox-s3-client.js';
import { zipUploadFlow } from './zip-upload-flow.js';

/** ZIP forms beyond the plain small one: ZIP64, deflate, a multipart-stored object, and faults in the records. */
describe('the sandbox checks slide ZIPs of every form', () => {
  let sandbox: TestSandbox;
  beforeEach(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(async () => {
    await sandbox.dispose();
  });
  const flow = zipUploadFlow(() => sandbox);

  it('accepts ZIP64 records (8-byte data descriptors), as yazl writes past 4 GiB', async () => {
    const zip = await storedZip(miraxEntries('big'), { zip64: true });
    await flow.expectAccepted(await flow.upload('big.mrxs.zip', zip), 4);
  });

  it('accepts deflated members', async () => {
    const zip = await storedZip(vsiEntries('scan'), { deflate: true });
    await flow.expectAccepted(await flow.upload('scan.vsi.zip', zip), 2);
  });

  it('reads a ZIP stored by multipart upload across its parts', async () => {
    const part = 5 * 1024 * 1024;
    const zip = await storedZip(
      dicomEntries(3).map((entry, i) => ({ ...entry, bytes: Buffer.alloc(3_700_000, i + 1) })),
    );
    const image = await flow.createImage('series.dcm.zip');
    const s3 = new SandboxS3(sandbox);
    try {
      const key = image.image_unique_id;
      const uploadId = await s3.createUpload(key);
      const etags: string[] = [];
      for (let start = 0, n = 1; start < zip.length; start += part, n += 1) {
        const response = await fetch(await s3.partUrl(key, uploadId, n), {
          method: 'PUT',
          body: zip.subarray(start, start + part),
        });
        expect(response.status).toBe(200);
        etags.push(response.headers.get('etag')!);
      }
      expect(etags.length).toBe(3);
      await s3.complete(key, uploadId, etags);
    } finally {
      s3.destroy();
    }
    await flow.markUploaded(image);
    await flow.expectAccepted(image, 3);
  });

  it('refuses a ZIP whose data descriptor disagrees with the central directory', async () => {
    const entries = dicomEntries(2);
    const image = await flow.upload(
      'series.dcm.zip',
      withWrongDescriptorSize(await storedZip(entries), entries[1]!),
    );
    await flow.expectRefused(image, /^ZIP check failed: member "2\.dcm": data descriptor .* differs/);
  });

  it('refuses a .zip that does not say which kind of slide it holds', async () => {
    const image = await flow.upload('slides.zip', await storedZip(dicomEntries(1)));
    await flow.expectRefused(image, /^ZIP check failed: slides\.zip is not a slide archive/);
  });

  it('refuses a .vsi.zip without its _name_ folder of .ets data', async () => {
    const zip = await storedZip([vsiEntries('other')[0]!, vsiEntries('scan')[1]!]);
    const image = await flow.upload('scan.vsi.zip', zip);
    await flow.expectRefused(
      image,
      /^ZIP check failed: member "other\.vsi": its folder "_other_\/" holds no image data/,
    );
  });
});
