import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf } from '../../../src-main/slides/index.js';
import { buildMirax, buildVsi } from '../../helpers/slide-sets.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * Folder-based slides are ONE slide whose members travel together (see test/main/slides/sets for every
 * refusal): the contract, recognition from any part, and the simplest refusals.
 */
describe('MIRAX (.mrxs + folder)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('a complete MIRAX slide is a slide listing every file as members, main first', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1');
    const result = await inspectSlide(set.main);
    expect(result).toEqual({
      kind: 'slide',
      format: 'mirax',
      files: set.members,
      members: set.members.map((file) =>
        expect.objectContaining({
          path: file,
          entryName: path.relative(temp.dir, file).split(path.sep).join('/'),
        }),
      ),
      warnings: [],
      metadata: {
        vendor: '3DHISTECH',
        magnification: 20,
        properties: { 'mirax.SLIDE_ID': '0b6f4f5e6c6b4d0a9a3c2e1f00000001' },
      },
    });
  });

  it('any file of the folder stands for the whole slide', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1');
    for (const part of set.members)
      expect(await multiFileSlideOf(part)).toEqual({ main: set.main, format: 'mirax' });
    expect(await inspectSlide(path.join(set.folder, 'Data0001.dat'))).toMatchObject({
      kind: 'slide',
      files: set.members,
    });
  });

  it('names are matched ignoring case, as on a Windows share copied elsewhere', async () => {
    const set = await buildMirax(temp.dir, 'Case');
    await rename(path.join(set.folder, 'Data0000.dat'), path.join(set.folder, 'DATA0000.DAT'));
    await rename(path.join(set.folder, 'Index.dat'), path.join(set.folder, 'index.dat'));
    expect(await inspectSlide(set.main)).toMatchObject({ kind: 'slide', format: 'mirax' });
  });

  it('an .mrxs without its folder is incomplete', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1');
    await rm(set.folder, { recursive: true });
    expect(await inspectSlide(set.main)).toEqual({
      kind: 'incomplete',
      format: 'mirax',
      reason:
        'CMU-1.mrxs is only the index of a MIRAX slide: the folder "CMU-1" that holds the image data is missing; copy the .mrxs together with its folder (both side by side).',
    });
    expect(await multiFileSlideOf(set.main)).toBeUndefined();
  });

  it('a missing or empty file makes it incomplete, naming the file', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1', { missingDataFile: 1, emptyDataFile: 0 });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      format: 'mirax',
      reason: expect.stringContaining(
        'in its folder "CMU-1", Data0001.dat is missing and Data0000.dat is empty',
      ),
    });
  });

  it('a folder without Slidedat.ini is incomplete', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1');
    await rm(path.join(set.folder, 'Slidedat.ini'));
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('has no Slidedat.ini'),
    });
  });
});

describe('Olympus VSI (.vsi + _folder_)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('a .vsi with its folder is a slide whose members are the .vsi and the .ets image data', async () => {
    const set = await buildVsi(temp.dir, 'Image_01');
    const ets = path.join(set.folder, 'stack1', 'frame_t.ets');
    expect(set.members).toEqual([set.main, ets]);
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'slide',
      format: 'olympus-vsi',
      files: [set.main, ets],
      members: [
        expect.objectContaining({ path: set.main, entryName: 'Image_01.vsi' }),
        expect.objectContaining({ path: ets, entryName: '_Image_01_/stack1/frame_t.ets' }),
      ],
    });
    expect(await multiFileSlideOf(set.main)).toEqual({ main: set.main, format: 'olympus-vsi' });
    expect(await multiFileSlideOf(ets)).toEqual({ main: set.main, format: 'olympus-vsi' });
    expect(await inspectSlide(ets)).toMatchObject({ kind: 'slide', files: [set.main, ets] });
  });

  it('a .vsi without its folder is incomplete', async () => {
    const set = await buildVsi(temp.dir, 'Image_01');
    await rm(set.folder, { recursive: true });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: expect.stringContaining('the folder "_Image_01_" that holds the image data is missing'),
    });
  });

  it('a cut .ets file makes the slide incomplete', async () => {
    const set = await buildVsi(temp.dir, 'Image_01', { cutEtsTo: 500 });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: expect.stringMatching(
        /^frame_t\.ets is cut short: .* \(_Image_01_\/stack1\/frame_t\.ets is part of the VSI slide Image_01\.vsi\.\)$/,
      ),
    });
  });
});
