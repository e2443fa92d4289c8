import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCommandError } from '../../../src-shared/app/index.js';
import { ApiError } from '../../../src-main/api/index.js';
import { describeAppError } from '../../../src-main/app/index.js';
import { plainAppError } from '../../../src-main/app/describe-error.js';
import { startTestApp, type TestApp } from './app-harness.js';

describe('app service: commands through dispatchCommand', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.dispose());

  it.each([
    ['unknown command', 'queue.explode', {}, 'unknown-command'],
    ['prototype key as a command', '__proto__', {}, 'unknown-command'],
    ['not a string', 42, {}, 'unknown-command'],
    ['arguments where none are taken', 'queue.list', { all: true }, 'invalid-args'],
    ['wrong type', 'images.list', { scope: 'everyone' }, 'invalid-args'],
    ['missing arguments', 'queue.add', undefined, 'invalid-args'],
    ['empty path list', 'queue.add', { paths: [] }, 'invalid-args'],
    ['negative job id', 'queue.pause', { target: -3 }, 'invalid-args'],
    ['string job id', 'queue.cancel', { target: '1; DROP TABLE jobs' }, 'invalid-args'],
    [
      'huge user id list',
      'images.share',
      { imageUniqueId: 'x', action: 'adduser', userIds: Array(2000).fill(1) },
      'invalid-args',
    ],
    [
      'bad share action',
      'images.share',
      { imageUniqueId: 'x', action: 'rm -rf', userIds: [1] },
      'invalid-args',
    ],
    ['blank image id', 'images.download', { imageUniqueId: '   ' }, 'invalid-args'],
    ['token of the wrong type', 'settings.setToken', { token: 12345 }, 'invalid-args'],
    [
      'settings with a javascript: URL',
      'settings.update',
      { serverUrl: 'javascript:alert(1)' },
      'invalid-args',
    ],
    [
      'watch folder escaping upwards',
      'watch.add',
      { path: '/tmp', metadata: { userid: 19 }, afterUpload: 'move', moveSubdir: '../x' },
      'invalid-args',
    ],
  ])('%s is refused as %s', async (_label, name, args, code) => {
    const result = await app.dispatch(name, args);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
  });

  it('a handler failure arrives as words, with the app still working', async () => {
    const result = await app.dispatch('watch.add', { path: '/no/such/folder', metadata: { userid: 19 } });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'failed',
        message: 'There is no folder /no/such/folder on this computer.',
      },
    });
    expect(await app.dispatch('queue.list')).toMatchObject({ ok: true });
  });

  it("platform commands are the host's own", async () => {
    expect(await app.send('platform.pickPaths', { kind: 'files' })).toEqual({ supported: false, paths: [] });
  });

  it('describeAppError keeps messages in words and never shows tokens or signatures', () => {
    const api = new ApiError({
      endpoint: 'GET /Images',
      kind: 'network',
      message: 'GET /Images failed — could not reach the server.',
    });
    // People read the kind's words; the technical account is the detail, apart.
    expect(describeAppError(api)).toBe(
      'The server could not be reached. Check the network and the server address in Settings.',
    );
    expect(plainAppError(api).detail).toBe('GET /Images failed — could not reach the server.');
    expect(describeAppError(new AppCommandError('No server is set.'))).toBe('No server is set.');
    const leaky = new Error(
      'request to https://s3.example/bucket/key?X-Amz-Signature=abc123&X-Amz-Credential=AKIA failed with Authorization: Bearer sekrit-token',
    );
    const described = describeAppError(leaky);
    expect(described).not.toMatch(/abc123|AKIA|sekrit-token/);
    expect(described).toMatch(/^The command did not work\./);
    const detail = plainAppError(leaky).detail ?? '';
    expect(detail).not.toMatch(/abc123|AKIA|sekrit-token/);
    expect(detail).toMatch(/^Unexpected error: request to https:\/\/s3\.example\/bucket\/key\?/);
    expect(plainAppError('plain').detail).toMatch(/^Unexpected error: plain/);
  });

  it('close is idempotent, and commands after it say the app is shutting down', async () => {
    const other = await startTestApp({ stateDir: `${app.stateDir}-closing` });
    await Promise.all([other.service.close(), other.service.close()]);
    await other.service.close();
    expect(await other.dispatch('queue.list')).toMatchObject({
      ok: false,
      error: { code: 'failed', message: 'The app is shutting down.' },
    });
    await other.dispose();
  });
});
