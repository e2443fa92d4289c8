import { mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { buildMirax } from '../../helpers/slide-sets.js';
import { identifiableSvsBytes } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT, lastLine, runCli } from './run-cli.js';

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

  it(
    'refuses to work over a truncated queue, and `doctor --restore` brings its history back',
    async () => {
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
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'with no backup left, `doctor --rebuild` remembers the files the server already holds',
    async () => {
      const target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state-rebuild') };
      const dir = path.join(temp.dir, 'scans');
      await mkdir(dir);
      for (const [name, fill] of [
        ['a.tif', 1],
        ['b.tif', 2],
      ] as const)
        await writeFile(path.join(dir, name), Buffer.alloc(8192 + fill, fill));
      const first = await runCli(target, ['upload', '--user', '19', '--no-check', dir]);
      expect(lastLine(first.stdout)).toBe('2 uploaded, 0 already uploaded, 0 refused, 0 failed.');
      await writeFile(path.join(dir, 'c.tif'), Buffer.alloc(9000, 3)); // scanned after the loss: never uploaded

      await truncate(path.join(target.stateDir, 'queue.sqlite'), 0);
      await rm(path.join(target.stateDir, 'queue.backup.sqlite'));
      const noFolders = await runCli(target, ['doctor', '--rebuild']);
      expect(noFolders.code).toBe(2);
      const rebuilt = await runCli(target, ['doctor', '--rebuild', dir]);
      expect(rebuilt.code, rebuilt.stderr).toBe(0);
      expect(rebuilt.stdout).toMatch(/^Remembered 2 of 3 slide\(s\) as uploaded to /);
      expect(rebuilt.stderr).toMatch(/The damaged queue is kept as queue\.sqlite\.damaged-/);

      const again = await runCli(target, ['upload', '--user', '19', '--no-check', dir]);
      expect(again.code).toBe(0);
      expect(lastLine(again.stdout)).toBe('1 uploaded, 2 already uploaded, 0 refused, 0 failed.');
    },
    CLI_TEST_TIMEOUT,
  );
  it(
    '`doctor --rebuild` knows a multi-file slide by the ZIP it was sent as, and a slide by its de-identified bytes',
    async () => {
      const target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state-rebuild-sets') };
      const dir = path.join(temp.dir, 'scans-sets');
      await mkdir(dir);
      const mirax = await buildMirax(dir, 'CASE-0042', { dataFiles: 3, dataBytes: 64 * 1024 });
      const labelled = path.join(dir, 'CASE-4711.svs');
      await writeFile(labelled, identifiableSvsBytes({ tileBytes: 4096 }));
      const sets = await runCli(target, ['upload', '--user', '19', mirax.main]);
      expect(lastLine(sets.stdout), sets.stderr).toBe('1 uploaded, 0 already uploaded, 0 refused, 0 failed.');
      const deidentified = await runCli(target, ['upload', '--user', '19', '--deidentify', labelled]);
      expect(lastLine(deidentified.stdout), deidentified.stderr).toBe(
        '1 uploaded, 0 already uploaded, 0 refused, 0 failed.',
      );

      await truncate(path.join(target.stateDir, 'queue.sqlite'), 0);
      await rm(path.join(target.stateDir, 'queue.backup.sqlite'));
      const rebuilt = await runCli(target, ['doctor', '--rebuild', dir]);
      expect(rebuilt.code, rebuilt.stderr).toBe(0);
      // The MIRAX's files are one slide; the labelled slide is known by the bytes that were stored.
      expect(rebuilt.stdout).toMatch(/^Remembered 2 of 2 slide\(s\) as uploaded to /);

      const again = await runCli(target, ['upload', '--user', '19', mirax.main]);
      expect(lastLine(again.stdout), again.stderr).toBe(
        '0 uploaded, 1 already uploaded, 0 refused, 0 failed.',
      );
      const againDeidentified = await runCli(target, ['upload', '--user', '19', '--deidentify', labelled]);
      expect(lastLine(againDeidentified.stdout), againDeidentified.stderr).toBe(
        '0 uploaded, 1 already uploaded, 0 refused, 0 failed.',
      );
      // Sent as it is, the labelled slide is other bytes: that is a new upload, not one the server has.
      const asItIs = await runCli(target, ['upload', '--user', '19', labelled]);
      expect(lastLine(asItIs.stdout), asItIs.stderr).toBe(
        '1 uploaded, 0 already uploaded, 0 refused, 0 failed.',
      );
    },
    CLI_TEST_TIMEOUT,
  );
});
