import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT, jsonResult, runCli } from './run-cli.js';

describe('commands on the local queue start no sandbox', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp?.cleanup());

  it(
    'queue, pause, retry and forget work on the embedded sandbox’s jobs without starting it',
    async () => {
      const target = { api: undefined, stateDir: path.join(temp.dir, 'state') };
      const sandboxDir = path.join(target.stateDir, 'sandbox');
      // Before any upload: listing the queue makes no sandbox at all.
      const empty = await runCli(target, ['queue']);
      expect(empty.code).toBe(0);
      expect(empty.stdout).toBe('The queue is empty.\n');
      expect(existsSync(sandboxDir)).toBe(false);

      const file = path.join(temp.dir, 'local.tif');
      await writeFile(file, Buffer.alloc(4096, 5));
      expect((await runCli(target, ['upload', '--no-check', file])).code).toBe(0);

      const listed = await runCli(target, ['--json', 'queue']);
      expect(listed.code).toBe(0);
      expect(listed.stderr).not.toMatch(/using the embedded sandbox/);
      expect(
        jsonResult<Array<{ state: string; elsewhere: boolean; destination: string }>>(listed.stdout),
      ).toEqual([
        expect.objectContaining({
          state: 'done',
          elsewhere: false,
          destination: expect.stringContaining(sandboxDir),
        }),
      ]);
      expect(existsSync(path.join(sandboxDir, 'sandbox.lock'))).toBe(false);
      for (const args of [
        ['pause', 'all'],
        ['retry', 'all'],
        ['forget', '1', '--yes'],
      ]) {
        const result = await runCli(target, args);
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expect(result.stderr).not.toMatch(/using the embedded sandbox/);
      }
      expect((await runCli(target, ['queue'])).stdout).toBe('The queue is empty.\n');
    },
    CLI_TEST_TIMEOUT,
  );
});
