import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT, runCli } from './run-cli.js';

describe('names the OS allows, in the terminal', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it(
    'uploads a file whose name holds an escape sequence, and never prints the raw control characters',
    async () => {
      const name = 'case\u001b[2J\u001b]0;owned\u0007.tif';
      await writeFile(path.join(temp.dir, name), Buffer.alloc(4096, 1));
      // No server: the embedded sandbox of this state dir.
      const target = { api: undefined, stateDir: path.join(temp.dir, 'state') };
      const run = await runCli(target, ['upload', '--no-check', path.join(temp.dir, name)]);
      expect(run.code).toBe(0);
      const listed = await runCli(target, ['images']);
      for (const output of [run.stdout, run.stderr, listed.stdout, listed.stderr]) {
        // eslint-disable-next-line no-control-regex
        expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
      expect(listed.stdout).toContain('case\\x1b[2J\\x1b]0;owned\\x07.tif');
    },
    CLI_TEST_TIMEOUT,
  );
});
