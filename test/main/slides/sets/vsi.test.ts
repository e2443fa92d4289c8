import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf } from '../../../../src-main/slides/index.js';
import { buildVsi, etsFile } from '../../../helpers/slide-sets.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('Olympus VSI set QC (.vsi + _name_/stackN/*.ets)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('a whole slide is one slide: the .vsi, then every file of its folder by entry name, junk left out', async () => {
    const set = await buildVsi(temp.dir, 'Image_01', {
      stacks: 2,
      extraFiles: {
        'stack1/.DS_Store': 'junk',
        'Thumbs.db': 'junk',
        'stack2/._frame_t.ets': 'junk',
        'stack1/frame_t.ets.xml': '<xml/>',
      },
    });
    const result = await inspectSlide(set.main);
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'olympus-vsi',
      files: set.members,
      metadata: { vendor: 'Olympus' },
    });
    if (result.kind !== 'slide') return;
    expect(result.members?.map((member) => member.entryName)).toEqual([
      'Image_01.vsi',
      '_Image_01_/stack1/frame_t.ets',
      '_Image_01_/stack1/frame_t.ets.xml',
      '_Image_01_/stack2/frame_t.ets',
    ]);
    const sizes = await Promise.all(set.members.map(async (file) => (await stat(file)).size));
    expect(result.members?.map((member) => member.size)).toEqual(sizes);
  });

  it('sizes are configurable for upload tests: a multi-MiB set passes QC', async () => {
    const set = await buildVsi(temp.dir, 'Big', { stacks: 2, tiles: 64, tileBytes: 64 * 1024 });
    const result = await inspectSlide(set.main);
    expect(result).toMatchObject({ kind: 'slide', files: set.members });
    if (result.kind !== 'slide') return;
    expect(result.members?.[1]?.size).toBeGreaterThan(4 * 1024 * 1024);
  });

  it('any .ets stands for the whole slide', async () => {
    const set = await buildVsi(temp.dir, 'Image_02');
    const ets = path.join(set.folder, 'stack1', 'frame_t.ets');
    expect(await multiFileSlideOf(ets)).toEqual({ main: set.main, format: 'olympus-vsi' });
    expect(await inspectSlide(ets)).toMatchObject({ kind: 'slide', files: set.members });
  });

  it('a .vsi without its folder is incomplete', async () => {
    const set = await buildVsi(temp.dir, 'Image_03');
    await rm(set.folder, { recursive: true });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: expect.stringContaining('the folder "_Image_03_" that holds the image data is missing'),
    });
  });

  it('a stack folder without its .ets is refused, naming the folder', async () => {
    const set = await buildVsi(temp.dir, 'Image_04', { emptyStack: true });
    expect(await inspectSlide(set.main)).toEqual({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason:
        'The Olympus VSI slide Image_04.vsi is incomplete: its folder "_Image_04_/stack2" holds no image data (.ets) file. Copy the .vsi and its whole folder again from the scanner.',
    });
  });

  it.each([
    { label: 'inside the SIS header', cut: 40 },
    { label: 'inside the ETS header', cut: 200 },
    { label: 'inside the tiles', cut: 1000 },
    { label: 'inside the tile table', cut: -10 },
  ])('an .ets cut $label is refused, naming it', async ({ cut }) => {
    const whole = etsFile(6, 1024).length;
    const set = await buildVsi(temp.dir, 'Image_05', { cutEtsTo: cut < 0 ? whole + cut : cut });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: expect.stringMatching(
        /^frame_t\.ets is cut short: .* \(_Image_05_\/stack1\/frame_t\.ets is part of the VSI slide Image_05\.vsi\.\)$/,
      ),
    });
  });

  it('a tile listed past the end of the .ets is refused with the byte it needs', async () => {
    const set = await buildVsi(temp.dir, 'Image_06', { tileOutside: 50 });
    const size = etsFile(6, 1024).length;
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        `frame_t.ets is cut short: its image data should run to byte ${(size + 50).toLocaleString('en-US')} but the file ends at byte ${size.toLocaleString('en-US')}`,
      ),
    });
  });

  it('an .ets that is not Olympus image data is damage', async () => {
    const set = await buildVsi(temp.dir, 'Image_07', {
      extraFiles: { 'stack1/frame_t.ets': Buffer.alloc(500, 7) },
    });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'frame_t.ets is a damaged Olympus VSI file: it does not start like Olympus image data',
      ),
    });
  });

  it('a hostile tile count is refused without a huge read', async () => {
    const ets = etsFile(2, 64);
    ets.writeUInt32LE(0xffffffff, 40);
    const set = await buildVsi(temp.dir, 'Image_08', { extraFiles: { 'stack1/frame_t.ets': ets } });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringMatching(/^frame_t\.ets is cut short/),
    });
  });
});
