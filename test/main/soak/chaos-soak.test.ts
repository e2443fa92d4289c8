import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { closedPort } from '../../helpers/ports.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { runCli, startCli, type CliTarget, type RunningCli } from '../cli/run-cli.js';
import { startCli as startSandboxCli, stop as stopSandbox } from '../sandbox/cli-process.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A small seeded generator (mulberry32): a failing soak can be replayed with the seed it printed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env['PATHOMIQ_SOAK_SEED'] ?? Date.now() % 1_000_000);

/**
 * Kill -9 and Ctrl-C of the CLI and of the sandbox at random moments, a second command and a sandbox restart in
 * the middle of uploads, a file rewritten while it uploads; then everything is finished, and each file must be
 * on the server exactly once with the bytes it holds now (read back in full).
 */
describe('chaos soak', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let port: number;
  let dataDir: string;
  let sandbox: ReturnType<typeof startSandboxCli>['child'] | undefined;
  let api: ApiClient;
  const faults: string[] = [];

  const startSandbox = async () => {
    const started = startSandboxCli(['--port', String(port), '--data', dataDir]);
    sandbox = started.child;
    await started.ready;
  };
  beforeAll(async () => {
    temp = await makeTempDir('pathomiq-soak-');
    port = await closedPort();
    dataDir = path.join(temp.dir, 'sandbox-data');
    await startSandbox();
    api = createApiClient({ baseUrl: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    if (sandbox) await stopSandbox(sandbox);
    await temp?.cleanup();
  });

  it(`leaves every file on the server exactly once, byte for byte (seed ${SEED})`, async () => {
    const random = seeded(SEED);
    const between = (low: number, high: number) => low + random() * (high - low);
    const target: CliTarget = { api: `http://127.0.0.1:${port}`, stateDir: path.join(temp.dir, 'state') };
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 6; i += 1) {
      const name = path.join(temp.dir, `soak-${i}.tif`);
      const bytes = randomBytes(Math.round(between(2, 14) * MiB));
      await writeFile(name, bytes);
      files.set(name, bytes);
    }
    // Throttled so that every round is cut off in the middle of something; --no-check: random bytes, not slides.
    const upload = () =>
      startCli(target, [
        '--json',
        'upload',
        '--no-check',
        '--limit-rate',
        '6M',
        '--part-size',
        '5',
        ...files.keys(),
      ]);
    /** Resolves once the CLI is busy uploading (it printed progress), however long its start-up took. */
    const busy = (cli: RunningCli) =>
      waitFor(
        () => (/"type":"progress"/.test(cli.output.stdout) || cli.child.exitCode !== null ? true : undefined),
        'the CLI to be uploading',
        60_000,
      );
    const interrupt = async (cli: RunningCli, signal: NodeJS.Signals) => {
      await busy(cli);
      await new Promise((resolve) => setTimeout(resolve, between(200, 2500)));
      if (cli.child.exitCode === null) {
        cli.child.kill(signal);
        faults.push(`CLI ${signal}`);
      }
      return cli.exited;
    };

    for (let round = 0; round < 9; round += 1) {
      const cli = upload();
      const scenario = round % 3;
      if (scenario === 1) {
        // A second command in the middle of the upload (it must not disturb the running queue or the sandbox).
        await busy(cli);
        const listed = await runCli(target, ['queue']);
        expect(listed.code, listed.stderr).toBe(0);
        faults.push('second command');
      } else if (scenario === 2) {
        // The sandbox goes away mid-upload (Ctrl-C or kill -9) and comes back on the same data dir and port.
        await busy(cli);
        const signal = random() < 0.5 ? 'SIGINT' : 'SIGKILL';
        const old = sandbox!;
        const gone = new Promise((resolve) => old.once('exit', resolve));
        old.kill(signal);
        await gone;
        faults.push(`sandbox ${signal}`);
        await startSandbox();
        if (round === 2) {
          // And a file rewritten (another size) while the queue works on it.
          const [name] = [...files.keys()].slice(-1);
          const bytes = randomBytes(Math.round(between(3, 9) * MiB));
          await writeFile(name!, bytes);
          files.set(name!, bytes);
          faults.push('file rewritten');
        }
      }
      await interrupt(cli, random() < 0.5 ? 'SIGKILL' : 'SIGINT');
    }

    // Then the queue is allowed to finish.
    let finished = await runCli(target, ['run'], 240_000);
    for (let attempt = 0; finished.code !== 0 && attempt < 3; attempt += 1)
      finished = await runCli(target, ['run'], 240_000);
    expect(finished.code, finished.stderr).toBe(0);
    const last = await runCli(target, ['upload', '--no-check', ...files.keys()], 240_000);
    expect(last.code, last.stderr).toBe(0);

    let verified = 0;
    const images = await api.listImagesOfUser(19);
    for (const [name, bytes] of files) {
      const records = images.filter((image) => image.filename === path.basename(name));
      const current = records.filter((image) => image.status === 'Uploaded');
      // The rewritten file may have a first version uploaded before it changed; its current bytes are there once.
      const stored = await Promise.all(
        current.map(async (image) =>
          Buffer.from(await (await fetch(`${target.api}/S3/file/${image.image_unique_id}`)).arrayBuffer()),
        ),
      );
      const matching = stored.filter((copy) => sha256(copy) === sha256(bytes));
      expect(matching, `${name}: ${records.length} record(s)`).toHaveLength(1);
      expect(
        records.every((image) => image.status === 'Uploaded'),
        `${name}: an unfinished record is left`,
      ).toBe(true);
      verified += bytes.length;
    }
    console.info(
      `chaos soak (seed ${SEED}): 9 rounds, ${faults.length} faults (${faults.join(', ')}), ${files.size} files, ${(verified / MiB).toFixed(1)} MiB read back and verified`,
    );
  }, 600_000);
});
