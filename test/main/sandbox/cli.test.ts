import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startCli, stop } from './cli-process.js';

describe('npm run sandbox', () => {
  const children: ChildProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map(stop));
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it('prints exactly one SANDBOX_READY line on 127.0.0.1, serves --demo data and stops cleanly', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.cleanup);
    const { child, ready } = startCli(['--port', '0', '--data', temp.dir, '--demo', '--speed', '50']);
    children.push(child);
    const { line, api, s3 } = await ready;
    expect(line).toMatch(
      /^SANDBOX_READY \{"api":"http:\/\/127\.0\.0\.1:\d+","s3":"http:\/\/127\.0\.0\.1:\d+","dialects":\[\]\}$/,
    );
    expect(s3).toBe(api);
    const users = (await (await fetch(`${api}/Users/imagelist`)).json()) as Array<{
      userid: number;
      images: unknown[];
    }>;
    expect(users.reduce((count, user) => count + user.images.length, 0)).toBeGreaterThanOrEqual(5);
    expect(await stop(child)).toBe(0);
  });

  it('--dialect switches dialects on and the READY line lists them (with --no-multipart as no-multipart)', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.cleanup);
    const { child, ready } = startCli([
      '--data',
      temp.dir,
      '--dialect',
      'put-msg, errors-200',
      '--dialect',
      'sigv2',
      '--no-multipart',
    ]);
    children.push(child);
    const { line, api } = await ready;
    expect(JSON.parse(line.replace(/^SANDBOX_READY /, ''))).toMatchObject({
      dialects: ['put-msg', 'errors-200', 'sigv2', 'no-multipart'],
    });
    const missing = await fetch(`${api}/Nope`);
    expect(missing.status).toBe(200);
    expect(await missing.json()).toEqual({ success: false, status: 'No such endpoint: GET /Nope' });
  });

  it('refuses an unknown dialect, listing the valid ones', async () => {
    const { child, ready } = startCli(['--dialect', 'put-msg,flask']);
    children.push(child);
    await expect(ready).rejects.toThrow(/Unknown dialect "flask"[\s\S]*put-image[\s\S]*no-multipart/);
  });

  it('refuses bad options with a message', async () => {
    const { child, ready } = startCli(['--port', 'eighty']);
    children.push(child);
    await expect(ready).rejects.toThrow(/whole number/);
  });
});
