import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { judgeSpeedAndEta } from '../../../bench/lib/speed-truth.js';
import { runCli } from '../../helpers/cli.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const MiB = 1024 * 1024;
const LIMIT = 4 * MiB;

/**
 * The numbers a user sees while three files go up under `--limit-rate`: the reported total speed is the limit's
 * (not the bytes handed to sockets) and the ETA is when the upload really ended. Generous margins here — a busy
 * test machine — and the tight ones in `npm run bench -- --only s`, which judges the same way (speed-truth.ts).
 */
describe('true speed and ETA of `upload --limit-rate` against the real sandbox', { timeout: 180_000 }, () => {
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('reports the limit as the total speed and an ETA that matches when the files were done', async () => {
    const files = await Promise.all(
      [16, 20, 24].map(
        async (mib, index) => (await writeRandomFile(temp.dir, `speed-${index}.svs`, mib * MiB)).file,
      ),
    );
    const run = await runCli(
      [
        '--server',
        sandbox.api,
        '--user',
        '19',
        '--state-dir',
        `${temp.dir}/state`,
        '--json',
        'upload',
        '--no-check',
        '--mode',
        'multipart',
        '--part-size',
        '5',
        '--part-concurrency',
        '2',
        '--limit-rate',
        `${LIMIT}`,
        ...files,
      ],
      { timeoutMs: 170_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const truth = judgeSpeedAndEta(lines, LIMIT);

    expect(truth.missing).toEqual([]);
    for (const sample of truth.samples) {
      expect(sample.speedRatio, `speed at ${sample.fraction}`).toBeGreaterThan(0.5);
      expect(sample.speedRatio, `speed at ${sample.fraction}`).toBeLessThan(1.5);
      expect(
        Math.abs(sample.etaError),
        `ETA at ${sample.fraction}: ${sample.eta} s vs ${sample.actual} s`,
      ).toBeLessThan(0.5);
    }
  });
});
