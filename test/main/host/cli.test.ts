import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { httpGet, openSocket, recordFrames, writeTinyRenderer } from './host-client.js';

/** `npm run ui` without the renderer build: the real CLI, the real app service, its embedded sandbox. */
describe('npm run ui (src-main/host/cli.ts)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    temp = await makeTempDir();
    const rendererDir = await writeTinyRenderer(path.join(temp.dir, 'renderer'));
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src-main/host/cli.ts',
        '--port',
        '0',
        '--state-dir',
        path.join(temp.dir, 'state'),
        '--renderer-dir',
        rendererDir,
      ],
      { cwd: REPO_ROOT },
    );
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  });
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await temp?.cleanup();
  });

  it('prints exactly one UI_READY line with the address and its token, serves it, and stops on SIGTERM', async () => {
    await waitFor(
      () => (stdout.includes('\n') ? true : undefined),
      `UI_READY (stderr so far: ${stderr})`,
      30_000,
    );
    expect(stdout).toMatch(/^UI_READY http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}\n$/);
    const url = new URL(stdout.slice('UI_READY '.length).trim());
    const port = Number(url.port);

    const page = await httpGet(port, `${url.pathname}${url.search}`, { host: url.host });
    expect(page.status).toBe(200);

    const socket = await openSocket(`ws://${url.host}/ws${url.search}`, url.origin);
    const { response } = recordFrames(socket);
    socket.send(JSON.stringify({ kind: 'request', id: 1, name: 'app.status' }));
    expect(await response(1)).toMatchObject({ ok: true, result: { host: 'browser' } });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('SIGTERM: stopping');
    expect(stderr).not.toContain(url.searchParams.get('token'));
  });

  it('refuses a bad port with a usage error', async () => {
    const run = await runHostCli(['--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected a port number/);
  });
});

/** The host CLI run to completion (for option errors); runCli's spawner is for the agent CLI. */
function runHostCli(args: string[]) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src-main/host/cli.ts', ...args], {
      cwd: REPO_ROOT,
    });
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stderr: err }));
  });
}
