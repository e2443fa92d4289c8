import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';
import { writeSlideWithPictures } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT } from './run-cli.js';

describe('inspect --thumbnail --label --macro', { timeout: CLI_TEST_TIMEOUT }, () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp?.cleanup());

  const inspect = (...args: string[]) =>
    runCli(['--state-dir', path.join(temp.dir, 'state'), 'inspect', ...args]);

  it('writes the pictures as PNG files sharp decodes, at most 320 px', async () => {
    const slide = await writeSlideWithPictures(temp.dir, 'CASE-9.svs', {
      label: { width: 500, height: 500 },
      macro: { width: 1000, height: 400 },
    });
    const out = (name: string) => path.join(temp.dir, name);
    const run = await inspect(
      slide,
      '--thumbnail',
      out('t.png'),
      '--label',
      out('l.png'),
      '--macro',
      out('m.png'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Wrote the label \(320 × 320 px\) to .*l\.png/);
    expect(run.stderr).toMatch(/Wrote the thumbnail \(320 × 320 px, made from its smallest level\)/);
    expect(await sharp(out('t.png')).metadata()).toMatchObject({ format: 'png', width: 320, height: 320 });
    expect(await sharp(out('l.png')).metadata()).toMatchObject({ format: 'png', width: 320, height: 320 });
    expect(await sharp(out('m.png')).metadata()).toMatchObject({ format: 'png', width: 320, height: 128 });
  });

  it.skipIf(!hasSharedFixtures)('a slide without a label: the error names the file, exit 1', async () => {
    const label = path.join(temp.dir, 'small-label.png');
    const thumbnail = path.join(temp.dir, 'small-thumbnail.png');
    const run = await inspect(fixturePath('slides', 'small.svs'), '--thumbnail', thumbnail, '--label', label);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/small\.svs has no label image/);
    expect(existsSync(label)).toBe(false);
    expect((await sharp(thumbnail).metadata()).format).toBe('png');
  });
});
