import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf } from '../../../../src-main/slides/index.js';
import { buildMirax } from '../../../helpers/slide-sets.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('MIRAX set QC (.mrxs + folder, Slidedat.ini, Index.dat, data files)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('a whole slide is one slide whose members are the .mrxs then every folder file by entry name', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1', {
      dataFiles: 3,
      extraFiles: { '.DS_Store': 'junk', 'Thumbs.db': 'junk', '._Data0000.dat': 'junk', 'desktop.ini': 'x' },
    });
    const result = await inspectSlide(set.main);
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'mirax',
      files: set.members,
      warnings: [],
      metadata: { vendor: '3DHISTECH', magnification: 20 },
    });
    if (result.kind !== 'slide') return;
    expect(result.members?.map((member) => member.entryName)).toEqual([
      'CMU-1.mrxs',
      'CMU-1/Data0000.dat',
      'CMU-1/Data0001.dat',
      'CMU-1/Data0002.dat',
      'CMU-1/Index.dat',
      'CMU-1/Slidedat.ini',
    ]);
    for (const member of result.members ?? []) {
      const info = await stat(member.path);
      expect(member).toEqual({
        path: member.path,
        entryName: member.entryName,
        size: info.size,
        mtimeMs: Math.trunc(info.mtimeMs),
      });
    }
  });

  it('files the scanner wrote but Slidedat.ini does not name are members too (the set is uploaded whole)', async () => {
    const set = await buildMirax(temp.dir, 'extra', { extraFiles: { 'Unknown.dat': Buffer.alloc(10, 1) } });
    const result = await inspectSlide(set.main);
    expect(result).toMatchObject({ kind: 'slide', files: set.members });
    expect(set.members.map((file) => path.basename(file))).toContain('Unknown.dat');
  });

  it('sizes are configurable for upload tests: a multi-MiB set passes QC with every byte accounted for', async () => {
    const set = await buildMirax(temp.dir, 'big', { dataFiles: 3, dataBytes: 3 * 1024 * 1024, tiles: 256 });
    const result = await inspectSlide(set.main);
    expect(result).toMatchObject({ kind: 'slide', files: set.members });
    if (result.kind !== 'slide') return;
    const total = (result.members ?? []).reduce((sum, member) => sum + member.size, 0);
    expect(total).toBeGreaterThan(9 * 1024 * 1024);
  });

  it('any file of the folder stands for the whole slide', async () => {
    const set = await buildMirax(temp.dir, 'parts');
    for (const part of set.members) {
      expect(await multiFileSlideOf(part)).toEqual({ main: set.main, format: 'mirax' });
    }
    expect(await inspectSlide(path.join(set.folder, 'Data0001.dat'))).toMatchObject({
      kind: 'slide',
      files: set.members,
    });
  });

  it('a data file named in Slidedat.ini but missing is refused, naming it', async () => {
    const set = await buildMirax(temp.dir, 'gone', { missingDataFile: 1 });
    expect(await inspectSlide(set.main)).toEqual({
      kind: 'incomplete',
      format: 'mirax',
      reason:
        'The MIRAX slide gone.mrxs is incomplete: in its folder "gone", Data0001.dat is missing. The copy is incomplete — copy the .mrxs and its whole folder again from the scanner.',
    });
  });

  it('a missing and an empty file are both named', async () => {
    const set = await buildMirax(temp.dir, 'two', { dataFiles: 3, missingDataFile: 2, emptyDataFile: 0 });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'in its folder "two", Data0002.dat is missing and Data0000.dat is empty',
      ),
    });
  });

  it('a missing Index.dat is refused, naming it', async () => {
    const set = await buildMirax(temp.dir, 'noindex');
    await rm(path.join(set.folder, 'Index.dat'));
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('in its folder "noindex", Index.dat is missing'),
    });
  });

  it('a data file shorter than the records Index.dat points into is cut short, naming it', async () => {
    const set = await buildMirax(temp.dir, 'short', { shortDataFile: 1, dataBytes: 4096, cutBytes: 100 });
    expect(await inspectSlide(set.main)).toEqual({
      kind: 'incomplete',
      format: 'mirax',
      reason: expect.stringMatching(
        /^Data0001\.dat is cut short: its image data should run at least to byte [\d,]+ but the file ends at byte 3,996\. .*\(Data0001\.dat is in the folder "short" of the MIRAX slide short\.mrxs\.\)$/,
      ),
    });
  });

  it('an index record pointing past the end of its data file is refused, naming the data file', async () => {
    const set = await buildMirax(temp.dir, 'outside', { recordOutside: { by: 10 } });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringMatching(
        /^Data000[01]\.dat is cut short: its image data should run at least to byte 4,106 but the file ends at byte 4,096\./,
      ),
    });
  });

  it('an index record naming a data file Slidedat.ini does not list is damage', async () => {
    const set = await buildMirax(temp.dir, 'badfile', { badFileNumber: true });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'badfile.mrxs is a damaged MIRAX file: its index file (Index.dat) points to data file number 2, but Slidedat.ini lists only 2.',
      ),
    });
  });

  it('an Index.dat cut short is refused, naming it', async () => {
    const whole = await buildMirax(temp.dir, 'whole');
    const size = (await stat(path.join(whole.folder, 'Index.dat'))).size;
    const set = await buildMirax(temp.dir, 'cutindex', { indexBytes: size - 20 });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringMatching(
        /^Index\.dat is cut short: .* \(Index\.dat is in the folder "cutindex" of the MIRAX slide cutindex\.mrxs\.\)$/,
      ),
    });
  });

  it('an Index.dat of another scan is refused as mixed up', async () => {
    const set = await buildMirax(temp.dir, 'mixed', { indexSlideId: 'ffffffffffffffffffffffffffffffff' });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('Index.dat in its folder "mixed" belongs to a different slide'),
    });
  });

  it('an .mrxs without its folder, or a folder without Slidedat.ini, is incomplete', async () => {
    const set = await buildMirax(temp.dir, 'CMU-1');
    await rm(path.join(set.folder, 'Slidedat.ini'));
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('has no Slidedat.ini'),
    });
    await rm(set.folder, { recursive: true });
    expect(await inspectSlide(set.main)).toEqual({
      kind: 'incomplete',
      format: 'mirax',
      reason:
        'CMU-1.mrxs is only the index of a MIRAX slide: the folder "CMU-1" that holds the image data is missing; copy the .mrxs together with its folder (both side by side).',
    });
    expect(await multiFileSlideOf(set.main)).toBeUndefined();
  });
});
