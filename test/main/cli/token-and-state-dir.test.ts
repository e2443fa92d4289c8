import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT, runCli } from './run-cli.js';

const TOKEN = 'cli-token-0123456789abcdef';

describe('passing the token, and a state dir that cannot be used', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ token: TOKEN });
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });
  const target = () => ({ api: sandbox.api, stateDir: path.join(temp.dir, 'state') });

  it(
    'reads the token from --token-file or PATHOMIQ_TOKEN quietly, and warns when --token puts it in the process list',
    async () => {
      const tokenFile = path.join(temp.dir, 'token');
      await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
      const fromFile = await runCli(target(), ['images', '--user', '19', '--token-file', tokenFile]);
      expect(fromFile.code).toBe(0);
      expect(fromFile.stderr).not.toMatch(/process list/);
      const fromEnv = await runCli(target(), ['images', '--user', '19'], 60_000, { PATHOMIQ_TOKEN: TOKEN });
      expect(fromEnv.code).toBe(0);
      expect(fromEnv.stderr).not.toMatch(/process list/);
      const typed = await runCli(target(), ['images', '--user', '19', '--token', TOKEN]);
      expect(typed.code).toBe(0);
      expect(typed.stderr).toMatch(
        /visible to other users of this computer \(process list\); use --token-file/,
      );
      const missing = await runCli(target(), ['images', '--token-file', path.join(temp.dir, 'nope')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/Cannot read the token file/);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'refuses a state dir on /proc or under a file at once (exit 2), before writing anything',
    async () => {
      const onProc = await runCli({ api: sandbox.api, stateDir: '/proc/pathomiq-state' }, ['queue']);
      expect(onProc.code).toBe(2);
      expect(onProc.stderr).toMatch(/proc file system, which keeps nothing/);
      const aFile = path.join(temp.dir, 'a-file');
      await writeFile(aFile, '');
      const underFile = await runCli({ api: sandbox.api, stateDir: path.join(aFile, 'state') }, ['queue']);
      expect(underFile.code).toBe(2);
      expect(underFile.stderr).toMatch(/is a file, not a folder/);
    },
    CLI_TEST_TIMEOUT,
  );
});
