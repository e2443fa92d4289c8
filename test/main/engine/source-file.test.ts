import { stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobFailure } from '../../../src-main/engine/job-failure.js';
import { readWholeSource } from '../../../src-main/engine/source-file.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('reading a small source whole', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const source = async (bytes: Buffer) => {
    const file = path.join(temp.dir, 'slide.svs');
    await writeFile(file, bytes);
    const info = await stat(file);
    return { file, version: { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) } };
  };
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as JobFailure,
    );

  it('fills the buffer with exactly the recorded version (a bigger pooled buffer keeps its tail)', async () => {
    const bytes = Buffer.from('exactly these bytes');
    const { file, version } = await source(bytes);
    const buffer = Buffer.alloc(bytes.length + 4, 0xee);
    await readWholeSource(file, version, buffer);
    expect(buffer.subarray(0, bytes.length).equals(bytes)).toBe(true);
    expect([...buffer.subarray(bytes.length)]).toEqual([0xee, 0xee, 0xee, 0xee]);
  });

  it('refuses a file modified since it was recorded (same size, new mtime)', async () => {
    const { file, version } = await source(Buffer.from('first'));
    await writeFile(file, 'other');
    const later = new Date(version.mtimeMs + 5000);
    await utimes(file, later, later);
    const failure = await failureOf(readWholeSource(file, version, Buffer.alloc(version.size)));
    expect(failure).toBeInstanceOf(JobFailure);
    expect(failure).toMatchObject({ kind: 'source-changed', retryable: true });
  });

  it('refuses a file that got shorter', async () => {
    const { file, version } = await source(Buffer.alloc(4096, 1));
    await truncate(file, 100);
    const failure = await failureOf(readWholeSource(file, version, Buffer.alloc(version.size)));
    expect(failure).toMatchObject({ kind: 'source-changed' });
    expect(failure?.message).toMatch(/shorter|changed/);
  });

  it('says the file is gone when it was deleted', async () => {
    const failure = await failureOf(
      readWholeSource(path.join(temp.dir, 'gone.svs'), { size: 5, mtimeMs: 0 }, Buffer.alloc(5)),
    );
    expect(failure).toMatchObject({ kind: 'source-missing', retryable: false });
    expect(failure?.message).toMatch(/gone/);
  });
});
