import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf, SLIDE_EXTENSIONS } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tiffBytes } from '../../helpers/tiff-writer.js';

describe('files that are not slides, and files that cannot be read', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const write = async (name: string, bytes: Buffer | string) => {
    const file = path.join(temp.dir, name);
    await writeFile(file, bytes);
    return file;
  };

  it('random bytes named .svs: named like a slide but is not one', async () => {
    const result = await inspectSlide(await write('random.svs', randomBytes(50_000).fill(0x41, 0, 1)));
    expect(result).toEqual({
      kind: 'not-a-slide',
      reason:
        'random.svs is named like a slide but is not one: it does not start like a TIFF file (it looks like unrecognised data). Check that the right file was picked; if it came from a scanner, copy it again.',
    });
  });

  it('a JPEG picture named .tif says what it really is', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1000)]);
    expect(await inspectSlide(await write('photo.tif', jpeg))).toMatchObject({
      kind: 'not-a-slide',
      reason: expect.stringContaining('(it looks like a JPEG picture)'),
    });
  });

  it('an empty file with a slide name is incomplete; without one it is not a slide', async () => {
    expect(await inspectSlide(await write('empty.svs', ''))).toEqual({
      kind: 'incomplete',
      format: 'aperio-svs',
      reason:
        'empty.svs is empty (0 bytes): the copy failed or has not started. Copy the slide again from the scanner.',
    });
    expect(await inspectSlide(await write('empty.txt', ''))).toEqual({
      kind: 'not-a-slide',
      reason: 'empty.txt is empty (0 bytes), not a slide scan, so it was skipped.',
    });
  });

  it('a text file is not a slide', async () => {
    expect(await inspectSlide(await write('notes.txt', 'Case 12-345, block A1\nStain: H&E\n'))).toEqual({
      kind: 'not-a-slide',
      reason: 'notes.txt is not a slide scan (it looks like a text file), so it was skipped.',
    });
  });

  it('a slide-named file that starts with zero bytes (a copy still being filled) is incomplete', async () => {
    expect(await inspectSlide(await write('filling.ndpi', Buffer.alloc(100_000)))).toMatchObject({
      kind: 'incomplete',
      format: 'hamamatsu-ndpi',
      reason: expect.stringMatching(/^filling\.ndpi starts with blank \(zero\) bytes/),
    });
  });

  it('a file shorter than the TIFF header is cut short', async () => {
    const result = await inspectSlide(await write('tiny.svs', Buffer.from('II*\0\x08', 'latin1')));
    expect(result).toMatchObject({
      kind: 'incomplete',
      format: 'aperio-svs',
      reason: expect.stringMatching(/^tiny\.svs is cut short/),
    });
    const three = await inspectSlide(await write('three.tif', Buffer.from('II*', 'latin1')));
    expect(three).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringMatching(/^three\.tif is cut short/),
    });
  });

  it('a DICOM-named file without the DICM marker is not a slide', async () => {
    expect(await inspectSlide(await write('scan.dcm', 'not dicom at all'))).toMatchObject({
      kind: 'not-a-slide',
      reason: expect.stringContaining('does not start like a DICOM file'),
    });
  });

  it('a missing file is unreadable, with a reason', async () => {
    expect(await inspectSlide(path.join(temp.dir, 'gone.svs'))).toEqual({
      kind: 'unreadable',
      reason:
        'gone.svs no longer exists (it was moved, renamed or deleted). Add it again from its new place.',
    });
    expect(await multiFileSlideOf(path.join(temp.dir, 'gone.dcm'))).toBeUndefined();
  });

  it('a folder is not a slide', async () => {
    await mkdir(path.join(temp.dir, 'folder.svs'));
    expect(await inspectSlide(path.join(temp.dir, 'folder.svs'))).toMatchObject({ kind: 'not-a-slide' });
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'a file without read permission is unreadable',
    async () => {
      const file = await write('locked.svs', tiffBytes({ levels: [{ width: 500, height: 500 }] }).bytes);
      const { chmod } = await import('node:fs/promises');
      await chmod(file, 0o000);
      expect(await inspectSlide(file)).toMatchObject({
        kind: 'unreadable',
        reason: expect.stringContaining('permission denied'),
      });
    },
  );

  it('an aborted signal rejects instead of returning an outcome', async () => {
    const file = await write('slide.tif', tiffBytes({ levels: [{ width: 500, height: 500 }] }).bytes);
    const controller = new AbortController();
    controller.abort();
    await expect(inspectSlide(file, { signal: controller.signal })).rejects.toThrow();
  });

  it('ordinary slide files are not parts of multi-file slides', async () => {
    const file = await write('slide.svs', tiffBytes({ levels: [{ width: 500, height: 500 }] }).bytes);
    expect(await multiFileSlideOf(file)).toBeUndefined();
  });

  it('lists the known slide extensions for the watcher, lower-case with dot', () => {
    expect(SLIDE_EXTENSIONS).toEqual(
      expect.arrayContaining([
        '.svs',
        '.ndpi',
        '.scn',
        '.bif',
        '.tif',
        '.tiff',
        '.mrxs',
        '.czi',
        '.dcm',
        '.vsi',
      ]),
    );
    for (const extension of SLIDE_EXTENSIONS) expect(extension).toMatch(/^\.[a-z0-9]+$/);
  });
});
