import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serverDestination } from '../../../src-main/engine/destination.js';
import { MAX_POST_BYTES } from '../../../src-main/engine/post-upload.js';
import { closedPort } from '../../helpers/ports.js';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** A sparse file of `size` bytes: nothing is written, so a 5 GiB + 1 file costs no disk and no time. */
async function sparseFile(dir: string, name: string, size: number): Promise<string> {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  await handle.truncate(size);
  await handle.close();
  return file;
}

describe('files over 5 GiB against a server without the multipart extension', () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let current: TestEngine | undefined;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ multipart: false });
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
    await temp.cleanup();
  });

  it('are refused when added, saying why and what to do, before any request that makes a record', async () => {
    const big = await sparseFile(temp.dir, 'huge.svs', MAX_POST_BYTES + 1);
    current = await startTestEngine(sandbox.api);
    const [result] = await current.engine.add([{ path: big, metadata: { userid: 19 } }]);
    expect(result).toMatchObject({ outcome: 'error' });
    expect(result && 'message' in result ? result.message : '').toMatch(
      /^huge\.svs is 5\.0 GiB, more than the 5 GiB one presigned POST can carry, and this server offers no multipart upload\. Nothing was sent\./,
    );
    expect(current.engine.list()).toEqual([]);
    expect((await current.api.listImagesOfUser(19)).filter((i) => i.filename === 'huge.svs')).toEqual([]);
  });

  it('exactly 5 GiB still goes by POST; a larger one queued offline fails before any record is made', async () => {
    const limit = await sparseFile(temp.dir, 'limit.svs', MAX_POST_BYTES);
    const stateDir = path.join(temp.dir, 'state');
    const first = await startTestEngine(sandbox.api, { stateDir });
    const [accepted] = await first.engine.add([{ path: limit, metadata: { userid: 19 } }]);
    expect(accepted).toMatchObject({ outcome: 'added' });
    await first.engine.cancel('all');
    await first.dispose();

    // Queued while the server could not be asked (offline), then run against it: refused before registering.
    const big = await sparseFile(temp.dir, 'later.svs', MAX_POST_BYTES + 4096);
    // The same server, unreachable for the moment (its jobs are its own: the destination names it).
    const offline = await startTestEngine(`http://127.0.0.1:${await closedPort()}`, {
      stateDir,
      destination: serverDestination(sandbox.api),
    });
    const [queued] = await offline.engine.add([{ path: big, metadata: { userid: 19 } }]);
    expect(queued).toMatchObject({ outcome: 'added' });
    await offline.engine.close();
    current = await startTestEngine(sandbox.api, { stateDir });
    current.engine.start();
    const [failed] = await current.engine.whenSettled([queued && 'job' in queued ? queued.job.id : -1]);
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'unsupported', retryable: false } });
    expect(failed?.error?.message).toMatch(/^later\.svs is 5\.0 GiB, more than the 5 GiB/);
    expect((await current.api.listImagesOfUser(19)).filter((i) => i.filename === 'later.svs')).toEqual([]);

    // A forced mode is known without asking the server, so a forced POST is refused when added.
    const forced = await startTestEngine(sandbox.api, { uploadMode: 'post' });
    const [refused] = await forced.engine.add([{ path: big, metadata: { userid: 19 } }]);
    await forced.dispose();
    expect(refused).toMatchObject({ outcome: 'error' });
    expect(refused && 'message' in refused ? refused.message : '').toMatch(
      /set the upload mode to automatic/,
    );
  });
});
