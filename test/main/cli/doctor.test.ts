import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { lastLine, runCli } from './run-cli.js';

describe('a damaged queue, found and mended from the command line', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('refuses to work over a truncated queue, and `doctor --restore` brings its history back', async () => {
    const target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
    const slide = path.join(temp.dir, 'remembered.tif');
    await writeFile(slide, Buffer.alloc(8192, 3));
    const uploaded = await runCli(target, ['upload', '--user', '19', '--no-check', slide]);
    expect(uploaded.code).toBe(0);

    await truncate(path.join(target.stateDir, 'queue.sqlite'), 0);
    // Not an empty queue that would upload the slide again: a refusal that says what to do.
    const again = await runCli(target, ['upload', '--user', '19', '--no-check', slide]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/queue\.sqlite is damaged \(it is empty: 0 bytes, it was truncated\)/);
    expect(again.stderr).toMatch(/pathomiq-uploader doctor --state-dir .* --restore/);

    const checked = await runCli(target, ['doctor']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/^queue\.sqlite: DAMAGED/m);
    expect(checked.stdout).toMatch(/^queue\.backup\.sqlite: healthy, 1 job\(s\) \(1 done\)/m);

    const restored = await runCli(target, ['doctor', '--restore']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /Restored the queue from its backup; the previous file is kept as queue\.sqlite\.damaged-/,
    );

    const remembered = await runCli(target, ['upload', '--user', '19', '--no-check', slide]);
    expect(remembered.code).toBe(0);
    expect(lastLine(remembered.stdout)).toBe('0 uploaded, 1 already uploaded, 0 refused, 0 failed.');
  });
});
