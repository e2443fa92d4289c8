import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCheckedFiles } from '../../../src-main/intake/add-checked-files.js';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { writeIdentifiableSeries } from '../slides/sets/wsi-dicom.js';

describe('adding the files of a multi-file slide together', () => {
  let sandbox: TestSandbox;
  let engine: TestEngine;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
    engine = await startTestEngine(sandbox.api, { stateDir: path.join(temp.dir, 'state') });
  });
  afterEach(async () => {
    await engine.dispose();
    await temp.cleanup();
  });

  it('a DICOM series named file by file is checked once and queued once, every file answered', async () => {
    const { files } = await writeIdentifiableSeries(path.join(temp.dir, 'series'));
    const inspected: string[] = [];
    const results = await addCheckedFiles(
      engine.engine,
      files.map((file) => ({ path: file, metadata: { userid: 19 } })),
      {
        inspect: (file) => {
          inspected.push(path.basename(file));
          return inspectSlide(file);
        },
      },
    );
    // The first file's check covers the whole series: its other instances are not checked again.
    expect(inspected).toEqual(['level-0.dcm']);
    expect(results.map((result) => result.path)).toEqual(files.map((file) => path.resolve(file)));
    const jobIds = new Set(results.map((result) => ('job' in result ? result.job.id : null)));
    expect(jobIds.size).toBe(1);
    expect(results[0]).toMatchObject({
      outcome: 'added',
      job: { fileName: expect.stringMatching(/\.zip$/) },
    });
  });
});
