import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const sandboxes: TestSandbox[] = [];
// One after the other, newest first: two of them may share a data dir, which the older one's dispose removes.
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0).reverse()) await sandbox.dispose();
});

async function start(options: { dataDir?: string } = {}): Promise<TestSandbox> {
  const sandbox = await startTestSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}

function listWith(sandbox: TestSandbox, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const client = new S3Client({
    endpoint: sandbox.s3,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  return client
    .send(new ListObjectsV2Command({ Bucket: sandbox.bucket }))
    .then(
      () => 'listed',
      (error: Error) => error.name,
    )
    .finally(() => client.destroy());
}

describe('sandbox S3 credentials', () => {
  it('are made per data dir at first start, kept private (0600), and the only ones the store accepts', async () => {
    const [one, two] = [await start(), await start()];
    expect(one.credentials.accessKeyId).toMatch(/^SBX[A-Z0-9]{17}$/);
    expect(one.credentials).not.toEqual(two.credentials);
    if (process.platform !== 'win32') {
      expect((await stat(path.join(one.dataDir, 's3-credentials.json'))).mode & 0o777).toBe(0o600);
    }
    expect(await listWith(one, one.credentials)).toBe('listed');
    expect(await listWith(one, two.credentials)).toBe('InvalidAccessKeyId');
    // The key pair that used to be a constant in the source opens nothing any more.
    const formerConstant = {
      accessKeyId: 'SANDBOXACCESSKEY0001',
      secretAccessKey: 'sandbox-secret-key-not-for-production',
    };
    expect(await listWith(one, formerConstant)).toBe('InvalidAccessKeyId');
  });

  it('stay the same across restarts of the same data dir', async () => {
    const first = await start();
    const { dataDir, credentials } = first;
    await first.close();
    const again = await start({ dataDir });
    expect(again.credentials).toEqual(credentials);
  });
});
