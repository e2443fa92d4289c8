import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { jsonResult, runCli, type CliTarget } from './run-cli.js';
import { createUploadedImage, imageOf, waitForImage, type UploadedImage } from './uploaded-image.js';

describe('CLI API commands: predict, download, annotations export', { timeout: 120_000 }, () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let fast: { sandbox: TestSandbox; api: ApiClient; target: CliTarget };
  // At speed 100 a prediction is over in ~75 ms, long before a second CLI process could stop it; this sandbox
  // runs at a fifth of real time (37.5 s per prediction: a CLI started on a loaded machine still finds it running)
  // for the stop and timeout cases. Its tiling (25 s) runs meanwhile, while the other tests run.
  let slow: { sandbox: TestSandbox; api: ApiClient; target: CliTarget };
  let predicted: UploadedImage;
  let predictedAsJson: UploadedImage;
  let downloaded: UploadedImage;
  let exported: UploadedImage;
  let toStop: UploadedImage;
  let toTimeOut: UploadedImage;

  const open = async (speed: number) => {
    const sandbox = await startTestSandbox({ speed });
    const target = { api: sandbox.api, stateDir: path.join(temp.dir, `state-${speed}`) };
    return { sandbox, api: createApiClient({ baseUrl: sandbox.api }), target };
  };

  beforeAll(async () => {
    temp = await makeTempDir('pathomiq-cli-predict-');
    slow = await open(0.2);
    const uploadSlow = (name: string) => createUploadedImage(slow.api, temp.dir, `cli-${name}.svs`);
    [toStop, toTimeOut] = await Promise.all([uploadSlow('stop'), uploadSlow('timeout')]);
    fast = await open(100);
    // An odd size, so a short or padded download could not pass as equal.
    const upload = (name: string) =>
      createUploadedImage(fast.api, temp.dir, `cli-${name}.svs`, 200 * 1024 + 17);
    [predicted, predictedAsJson, downloaded, exported] = await Promise.all([
      upload('predicted'),
      upload('json'),
      upload('downloaded'),
      upload('exported'),
    ]);
  });

  afterAll(async () => {
    await fast?.sandbox.dispose();
    await slow?.sandbox.dispose();
    await temp?.cleanup();
  });

  it('predict start --wait follows the prediction to "Prediction Completed" and prints outcome and metric', async () => {
    await waitForImage(fast.api, predicted.uid, 'tiling_status', 'Completed');
    await waitForImage(fast.api, predictedAsJson.uid, 'tiling_status', 'Completed');
    const [human, json] = await Promise.all([
      runCli(fast.target, ['predict', predicted.uid, 'start', '--wait', '--timeout', '20']),
      runCli(fast.target, ['--json', 'predict', predictedAsJson.uid, 'start', '--wait']),
    ]);

    expect(human.code).toBe(0);
    expect(human.stderr).toContain(`Prediction started: image ${predicted.uid} is now Prediction Running.`);
    expect(human.stderr).toContain(`Image ${predicted.uid}: Prediction Completed`);
    expect(human.stdout).toMatch(
      new RegExp(
        `^Prediction Completed for image ${predicted.uid}: outcome (High|Low) risk, metric \\d\\.\\d{3}\\.\\n$`,
      ),
    );

    expect(json.code).toBe(0);
    const outcome = jsonResult<{ status: string; outcome_prediction: string; metric: string }>(json.stdout);
    expect(outcome.status).toBe('Prediction Completed');
    expect(outcome.outcome_prediction).toMatch(/risk$/);
    expect((await imageOf(fast.api, predictedAsJson.uid))?.metric).toBe(outcome.metric);
  });

  it('downloads the file byte for byte, and replaces an existing file only with --force', async () => {
    const folder = path.join(temp.dir, 'downloads');
    await mkdir(folder);
    const existing = path.join(folder, 'existing.svs');
    await writeFile(existing, 'keep me');

    const [intoFolder, refused] = await Promise.all([
      runCli(fast.target, ['download', downloaded.uid, '--out', folder]),
      runCli(fast.target, ['download', downloaded.uid, '--out', existing]),
    ]);
    const named = path.join(folder, downloaded.filename); // the image's filename inside the folder
    expect(intoFolder.code).toBe(0);
    expect(intoFolder.stdout).toBe(`Downloaded ${downloaded.bytes.length} bytes (200 KiB) to ${named}\n`);
    expect((await readFile(named)).equals(downloaded.bytes)).toBe(true);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${existing} already exists; add --force`);
    expect(await readFile(existing, 'utf8')).toBe('keep me');

    const forced = await runCli(fast.target, [
      '--json',
      'download',
      downloaded.uid,
      '--out',
      existing,
      '--force',
    ]);
    expect(forced.code).toBe(0);
    expect(jsonResult(forced.stdout)).toEqual({
      image_unique_id: downloaded.uid,
      path: existing,
      bytes: downloaded.bytes.length,
    });
    expect((await readFile(existing)).equals(downloaded.bytes)).toBe(true);
    expect((await readdir(folder)).sort()).toEqual([downloaded.filename, 'existing.svs'].sort()); // no .part left
  });

  it('annotations export saves the prediction XML once a prediction completed, and says when there is none', async () => {
    await waitForImage(fast.api, exported.uid, 'tiling_status', 'Completed');
    await fast.api.startPrediction(exported.uid);
    await waitForImage(fast.api, exported.uid, 'status', 'Prediction Completed');
    const folder = path.join(temp.dir, 'exports');
    await mkdir(folder);

    const [done, none] = await Promise.all([
      runCli(fast.target, ['annotations', 'export', exported.uid, '--out', folder]),
      runCli(fast.target, ['annotations', 'export', downloaded.uid, '--out', folder]),
    ]);
    const file = path.join(folder, `${exported.uid}_complete_net_prediction.xml`);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(file);
    const validation = validateImageScopeXml(await readFile(file, 'utf8'));
    expect(validation).toMatchObject({ ok: true, summary: { layers: 2 } });

    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /has no prediction result yet\. Start a prediction, or wait until it completes/,
    );
  });

  it('predict stop stops a running prediction; --timeout ends a wait with exit 1; stop with nothing running fails', async () => {
    await waitForImage(slow.api, toStop.uid, 'tiling_status', 'Completed', 60_000);
    await waitForImage(slow.api, toTimeOut.uid, 'tiling_status', 'Completed', 60_000);
    await slow.api.startPrediction(toStop.uid);

    const [stopped, timedOut, nothingRunning] = await Promise.all([
      runCli(slow.target, ['predict', toStop.uid, 'stop', '--wait']),
      runCli(slow.target, ['predict', toTimeOut.uid, 'start', '--timeout', '1']), // --timeout implies --wait
      runCli(fast.target, ['predict', predicted.uid, 'stop']),
    ]);

    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toBe(`Prediction Stopped for image ${toStop.uid}.\n`);
    expect((await imageOf(slow.api, toStop.uid))?.status).toBe('Prediction Stopped');

    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toMatch(
      /Timed out after 1 s waiting for the prediction of image \w+ \(still "Prediction Running"\)/,
    );

    expect(nothingRunning.code).toBe(1);
    expect(nothingRunning.stderr).toContain('No prediction is running');
  });
});
