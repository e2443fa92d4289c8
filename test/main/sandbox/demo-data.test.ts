import { afterEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { zipUploadFlow } from './zip-upload-flow.js';

describe('the sandbox demo data', () => {
  let sandbox: TestSandbox | undefined;
  afterEach(async () => {
    await sandbox?.dispose();
  });
  const flow = zipUploadFlow(() => sandbox!);

  it('includes a multi-file MIRAX slide, stored as a real .mrxs.zip that passes the check', async () => {
    sandbox = await startTestSandbox({ demo: true });
    const images = await flow.json<Array<{ filename: string; image_unique_id: string }>>('/Images/userid/19');
    const mirax = images.find((image) => image.filename.endsWith('.mrxs.zip'));
    expect(mirax, images.map((image) => image.filename).join(', ')).toBeDefined();
    const image = await flow.imageOf(mirax!.image_unique_id);
    const logs = await flow.expectAccepted(image, 5);
    expect(logs).toContainEqual(expect.stringMatching(/^ZIP members: CASE-0005_lymph_node\.mrxs /));
    const download = await fetch(`${sandbox.api}/S3/file/${image.image_unique_id}`);
    expect(Buffer.from(await download.arrayBuffer()).readUInt32LE(0)).toBe(0x04034b50); // a local file header
  });
});
