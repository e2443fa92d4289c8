import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-main/api/index.js';
import { openCliContext, type CliContext } from '../../../src-main/cli/cli-context.js';
import { serverDestination } from '../../../src-main/engine/destination.js';
import { UploadEngine } from '../../../src-main/engine/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { serverSettings, startTestApp } from '../app/app-harness.js';
import { REPO_ROOT, startCli } from './run-cli.js';
import { createUploadedImage } from './uploaded-image.js';

const API_COMMANDS = path.join(REPO_ROOT, 'src-main/cli/commands/api');

/** What the app reports as its server and user, and what the CLI context got from the same app layer. */
const choiceOf = (ctx: CliContext) => ({
  url: ctx.connection.server.url,
  sandbox: ctx.connection.server.sandbox,
  userId: ctx.userId,
});

describe('the CLI is a transport of the app: one handler map, one server choice', { timeout: 60_000 }, () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ speed: 100 });
    temp = await makeTempDir('pathomiq-cli-layer-');
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('the API commands reach the server only through the handler map: none imports the API client', async () => {
    const files = (await readdir(API_COMMANDS)).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(path.join(API_COMMANDS, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      expect(
        imports.filter((spec) => /\/api\/|\/app\//.test(spec) && !spec.includes('src-shared')),
        file,
      ).toEqual([]);
      expect(source, file).not.toMatch(/ctx\.connection\.api|createApiClient/);
    }
  });

  it('chooses the same server and user as the app for the same settings: a server, then remembered', async () => {
    const stateDir = path.join(temp.dir, 'server');
    const given = await openCliContext({ server: sandbox.api, user: 21, stateDir });
    const app = await startTestApp({ stored: { ...serverSettings(sandbox.api), userId: 21 } });
    try {
      const status = await app.send('app.status');
      expect(choiceOf(given)).toEqual({ url: sandbox.api, sandbox: false, userId: 21 });
      expect(choiceOf(given)).toEqual({
        url: status.server.url,
        sandbox: status.server.sandbox,
        userId: status.userId,
      });
      expect(given.destinationSource).toBe('given with --server');
    } finally {
      await given.close();
      await app.dispose();
    }

    // The next run names nothing: the remembered server and user, as the app would choose them.
    const remembered = await openCliContext({ stateDir });
    try {
      expect(choiceOf(remembered)).toEqual({ url: sandbox.api, sandbox: false, userId: 21 });
      expect(remembered.destinationSource).toMatch(/^remembered in .*cli-settings\.json/);
      expect(remembered.connection.destination).toBe(serverDestination(sandbox.api));
    } finally {
      await remembered.close();
    }
  });

  it('with no server anywhere both start the embedded sandbox in <state-dir>/sandbox for user 19', async () => {
    const stateDir = path.join(temp.dir, 'sandbox');
    const cli = await openCliContext({ stateDir });
    const app = await startTestApp();
    try {
      const status = await app.send('app.status');
      expect(status.server.sandbox).toBe(true);
      expect(status.userId).toBe(19);
      expect(choiceOf(cli)).toMatchObject({ sandbox: true, userId: 19 });
      expect(cli.serverLabel).toContain(`data in ${path.join(stateDir, 'sandbox')}`);
      // The CLI's sandbox answers over HTTP like the app's.
      const images = await cli.send('images.list', { scope: 'mine' });
      expect(images).toEqual([]);
    } finally {
      await cli.close();
      await app.dispose();
    }
  });

  it('a read-only command does not run the queue: while `logs --follow` runs, another process can take it', async () => {
    const target = { api: sandbox.api, stateDir: path.join(temp.dir, 'follow') };
    const api = createApiClient({ baseUrl: sandbox.api });
    const image = await createUploadedImage(api, temp.dir, 'followed.svs');
    await api.addLog({ imageid: image.uid, type: 'Note', message: 'something to follow' });
    const follow = startCli(target, ['logs', image.uid, '--follow']);
    let engine: UploadEngine | undefined;
    try {
      // Its first poll printed something: its app is open on the state dir.
      await waitFor(() => (follow.output.stdout.length > 0 ? true : undefined), 'the first poll', 30_000);
      engine = new UploadEngine({
        stateDir: target.stateDir,
        api,
        destination: serverDestination(sandbox.api),
      });
      expect(engine.runnerElsewhere()).toBeUndefined();
      expect(() => engine!.start()).not.toThrow();
    } finally {
      await engine?.close();
      follow.child.kill('SIGINT');
      await follow.exited;
    }
  });
});
