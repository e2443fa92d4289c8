import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, CREDENTIALS, REGION, readAll, startStore, type TestStore } from './helpers.js';

const run = promisify(execFile);
const hasRclone = spawnSync('rclone', ['version'], { stdio: 'ignore' }).status === 0;
const SKIP_REASON = 'rclone is not on PATH (apt-get install -y rclone) — real-client checks skipped';

let s3: TestStore;
let work: string;
let configPath: string;

beforeAll(async () => {
  if (!hasRclone) return;
  s3 = await startStore();
  work = await mkdtemp(join(tmpdir(), 's3store-rclone-'));
  configPath = join(work, 'rclone.conf');
  await writeFile(
    configPath,
    [
      '[sandbox]',
      'type = s3',
      'provider = Other',
      `access_key_id = ${CREDENTIALS.accessKeyId}`,
      `secret_access_key = ${CREDENTIALS.secretAccessKey}`,
      `endpoint = ${s3.endpoint}`,
      `region = ${REGION}`,
      'force_path_style = true',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  if (!hasRclone) return;
  await s3.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs rclone asynchronously (the store serves it from this very process) with only our config. */
async function rclone(...args: string[]): Promise<string> {
  // AWS_* variables of the host (e.g. AWS_CA_BUNDLE) would change how rclone's AWS SDK connects.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|RCLONE_)/.test(name)),
  );
  const { stdout } = await run(
    'rclone',
    ['--config', configPath, '--retries', '1', '--low-level-retries', '1', ...args],
    {
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout;
}

async function storedBytes(key: string): Promise<Buffer | undefined> {
  const opened = await s3.store.openObject(key);
  return opened ? readAll(opened.stream) : undefined;
}

describe('real rclone (s3 provider Other, path style) against the store', () => {
  it('copyto of a 64 MiB file as a multipart upload', async (context) => {
    if (!hasRclone) context.skip(SKIP_REASON);
    const data = randomBytes(64 * 1024 * 1024);
    const source = join(work, 'big.svs');
    await writeFile(source, data);

    await rclone(
      'copyto',
      source,
      `sandbox:${BUCKET}/slides/big.svs`,
      '--s3-upload-cutoff',
      '5M',
      '--s3-chunk-size',
      '5M',
    );

    const object = await s3.store.headObject('slides/big.svs');
    expect(object).toMatchObject({ size: data.length, etag: expect.stringMatching(/^"[0-9a-f]{32}-13"$/) });
    expect((await storedBytes('slides/big.svs'))?.equals(data)).toBe(true);
    // rclone reads back the MD5 it stored in the object's metadata.
    expect(await rclone('md5sum', `sandbox:${BUCKET}/slides/`)).toContain('big.svs');
  });

  it('copy of a folder of 20 small files (single PUTs, listing, names with spaces and unicode)', async (context) => {
    if (!hasRclone) context.skip(SKIP_REASON);
    const folder = join(work, 'folder');
    await mkdir(join(folder, 'sub'), { recursive: true });
    const files = new Map<string, Buffer>();
    for (let index = 0; index < 20; index++) {
      const name = index % 5 === 0 ? `sub/scan ${index} é.svs` : `scan-${index}.svs`;
      const data = randomBytes(1000 + index * 997);
      files.set(name, data);
      await writeFile(join(folder, name), data);
    }

    await rclone('copy', folder, `sandbox:${BUCKET}/batch`);

    for (const [name, data] of files)
      expect((await storedBytes(`batch/${name}`))?.equals(data), name).toBe(true);
    const listed = (await rclone('lsf', '-R', '--files-only', `sandbox:${BUCKET}/batch`))
      .trim()
      .split('\n')
      .sort();
    expect(listed).toEqual([...files.keys()].sort());
    // rclone check compares sizes and MD5s it reads back from the store (exit code 0 = no differences).
    await rclone('check', folder, `sandbox:${BUCKET}/batch`);
  });
});
