import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { jsonLines, jsonResult, runCli, startCli, type CliTarget } from './run-cli.js';
import { createUploadedImage, imageOf, waitForImage, type UploadedImage } from './uploaded-image.js';

// Each CLI run is a fresh Node process (~1.5 s), so independent runs go side by side in Promise.all.
// Each test runs several CLI processes; start-up alone takes seconds each on a loaded machine.
describe('CLI API commands: images, logs, share, delete, errors', { timeout: 120_000 }, () => {
  let sandbox: TestSandbox;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let target: CliTarget;
  let api: ApiClient;
  let listed: UploadedImage;
  let shared: UploadedImage;
  let doomed: UploadedImage;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ speed: 100 });
    temp = await makeTempDir('pathomiq-cli-api-');
    target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
    api = createApiClient({ baseUrl: sandbox.api });
    const upload = (name: string) => createUploadedImage(api, temp.dir, `cli-${name}-slide.svs`);
    [listed, shared, doomed] = await Promise.all([upload('listed'), upload('shared'), upload('doomed')]);
    await api.addUsers(listed.uid, [20]); // so --all shows it in two users' lists
    await waitForImage(api, listed.uid, 'tiling_status', 'Completed');
  });

  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('lists images as a table and as JSON, filters by text and status, and lists every user with --all', async () => {
    const [table, json, all] = await Promise.all([
      runCli(target, ['images']),
      runCli(target, ['images', '--json', '--status', 'uploaded']),
      runCli(target, ['images', '--all', '--search', listed.uid.toUpperCase()]),
    ]);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^id\s+image_unique_id\s+filename\s+status\s+tiling\s+tissue area\s+annotation\s+shared with\s+patient\n/,
    );
    const row = table.stdout.split('\n').find((line) => line.includes(listed.uid));
    expect(row).toContain(listed.filename);
    expect(row).toMatch(/\sUploaded\s+Completed\s.*\s19,20\s+7$/);

    expect(json.code).toBe(0);
    const images = jsonResult<Array<{ image_unique_id: string; status: string; filename: string }>>(
      json.stdout,
    );
    expect(images.map((image) => image.image_unique_id)).toEqual(
      expect.arrayContaining([listed.uid, shared.uid, doomed.uid]),
    );
    expect(images.every((image) => image.status === 'Uploaded')).toBe(true);

    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^user\s+id\s+image_unique_id\s+filename/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['19', '20']);
    expect(lines.slice(1).every((line) => line.includes(listed.filename))).toBe(true);
  });

  it('shows an image log, filtered by --type, as lines and as JSON', async () => {
    const [tiling, json] = await Promise.all([
      runCli(target, ['logs', listed.uid, '--type', 'tiling']),
      runCli(target, ['logs', listed.uid, '--json']),
    ]);

    expect(tiling.code).toBe(0);
    const lines = tiling.stdout.trim().split('\n');
    expect(lines.some((line) => line.endsWith('Tiling is running'))).toBe(true);
    expect(lines.every((line) => /\sTiling\s/.test(line))).toBe(true);

    expect(json.code).toBe(0);
    const entries = jsonResult<Array<{ imageid: string; type: string }>>(json.stdout);
    expect(new Set(entries.map((entry) => entry.imageid))).toEqual(new Set([listed.uid]));
    expect(entries.map((entry) => entry.type)).toEqual(expect.arrayContaining(['Tiling', 'TissueArea']));
  });

  it('follows a log with --follow, printing each new entry once, and ends with exit 0 on Ctrl-C', async () => {
    await api.addLog({ imageid: listed.uid, type: 'Note', message: 'before following' });
    const follow = startCli(target, ['logs', listed.uid, '--follow', '--type', 'note']);
    try {
      await waitFor(
        () => (follow.output.stdout.includes('before following') ? true : undefined),
        'first poll',
      );
      await api.addLog({ imageid: listed.uid, type: 'Note', message: 'while following' });
      await waitFor(
        () => (follow.output.stdout.includes('while following') ? true : undefined),
        'the new entry',
        10_000,
      );
      follow.child.kill('SIGINT');
      const result = await follow.exited;
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(2); // each Note once, nothing of other types
      expect(lines[1]).toMatch(/\sNote\s+while following$/);
    } finally {
      follow.child.kill('SIGKILL');
    }
  });

  it('adds, removes and sets the users an image is shared with; bad id lists are usage errors', async () => {
    const [added, notANumber, twoChanges] = await Promise.all([
      runCli(target, ['share', shared.uid, '--add', '20,21']),
      runCli(target, ['share', shared.uid, '--add', '20,x', '--json']),
      runCli(target, ['share', shared.uid, '--remove', '20', '--set', '21']),
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(`Image ${shared.uid} is shared with users 19, 20, 21.\n`);
    expect(notANumber.code).toBe(2);
    expect(jsonLines(notANumber.stdout)).toEqual([
      { type: 'error', message: expect.stringContaining('--add: "x" is not a user id') },
    ]);
    expect(twoChanges.code).toBe(2);
    expect(twoChanges.stderr).toContain('exactly one of --add, --remove or --set');

    const removed = await runCli(target, ['share', shared.uid, '--remove', '20', '--json']);
    expect(removed.code).toBe(0);
    expect(jsonResult(removed.stdout)).toMatchObject({ image_unique_id: shared.uid, shared: [19, 21] });

    const set = await runCli(target, ['share', shared.uid, '--set', '22,23']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('shared with users 22, 23.');
    const lists = await api.listUsersWithImages();
    const holders = lists.filter((user) => user.images.some((image) => image.image_unique_id === shared.uid));
    expect(holders.map((user) => user.userid).sort()).toEqual([22, 23]);
  });

  it('deletes an image only with --yes', async () => {
    const [refused, deleted] = await Promise.all([
      runCli(target, ['delete', listed.uid]),
      runCli(target, ['delete', doomed.uid, '--yes']),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `Error: Nothing deleted: add --yes to delete image ${listed.uid} with its file, results and logs permanently.\n`,
    );
    expect(await imageOf(api, listed.uid)).toBeDefined();

    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`Image ${doomed.uid} deleted.\n`);
    expect(await imageOf(api, doomed.uid)).toBeUndefined();
    await expect(api.listLogs(doomed.uid)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('fails with exit 1 and a clear message for an unknown image; with --json as a JSON line', async () => {
    const unknown = 'no-such-image-0000';
    const [logs, download, json] = await Promise.all([
      runCli(target, ['logs', unknown]), // the server's 404
      runCli(target, ['download', unknown, '--out', temp.dir]), // not in any list (the CLI's own lookup)
      runCli(target, ['--json', 'predict', unknown, 'start']),
    ]);
    for (const result of [logs, download]) {
      expect(result.code).toBe(1);
      // Named either way: by the server's words (its 404) or as the subject of the app's own lookup.
      expect(result.stderr).toMatch(
        new RegExp(`^Error: .*(${unknown} (does not exist|was not found)|no longer has image ${unknown}\\.)`),
      );
    }

    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expect(jsonLines(json.stdout)).toEqual([
      expect.objectContaining({
        type: 'error',
        kind: 'not-found',
        status: 404,
        message: expect.stringContaining(`Image ${unknown} does not exist`),
      }),
    ]);
  });
});
