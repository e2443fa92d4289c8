import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import { buildMirax } from '../../../helpers/slide-sets.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

/** Corrupt or hostile MIRAX sets: a clear refusal, no throw, no unbounded work. */
describe('hostile MIRAX sets', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const setCount = (key: string, value: string) => (text: string) =>
    text.replace(new RegExp(`${key} = \\d+`), `${key} = ${value}`);

  it('an absurd FILE_COUNT is refused without looking for a billion files', async () => {
    const set = await buildMirax(temp.dir, 'absurd', { slidedat: setCount('FILE_COUNT', '999999999') });
    expect(await inspectSlide(set.main)).toEqual({
      kind: 'incomplete',
      format: 'mirax',
      reason: expect.stringContaining(
        'absurd.mrxs is a damaged MIRAX file: its Slidedat.ini lists an implausible number of data files (999999999).',
      ),
    });
  });

  it('a Slidedat.ini listing thousands of files that are not there names a few and counts the rest', async () => {
    const names = Array.from({ length: 5000 }, (_, index) => `FILE_${index} = Extra${index}.dat`).join(
      '\r\n',
    );
    const set = await buildMirax(temp.dir, 'many', {
      slidedat: (text) =>
        text.replace(/FILE_COUNT = \d+\r\n(FILE_\d+ = .*\r\n)+/, `FILE_COUNT = 5000\r\n${names}\r\n`),
    });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('Extra0.dat, Extra1.dat, Extra2.dat and 4,997 more are missing'),
    });
  });

  it.each([
    ['HIER_0_COUNT', '4000000000'],
    ['HIER_COUNT', '99999999999'],
    ['NONHIER_0_COUNT', '123456789'],
  ])('an absurd %s is refused', async (key, value) => {
    const set = await buildMirax(temp.dir, 'layers', { slidedat: setCount(key, value) });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('its Slidedat.ini lists an implausible number of layers'),
    });
  });

  it('a Slidedat.ini without the layer counts is refused (Index.dat cannot be checked without them)', async () => {
    const set = await buildMirax(temp.dir, 'nocount', {
      slidedat: (text) => text.replace(/HIER_COUNT = \d+/, ''),
    });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('its Slidedat.ini does not say how many image layers it has'),
    });
  });

  it('a Slidedat.ini far larger than any scanner writes is refused unread', async () => {
    const set = await buildMirax(temp.dir, 'huge', {
      slidedat: (text) => text + ';'.repeat(5 * 1024 * 1024),
    });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('its Slidedat.ini is far larger than any scanner writes'),
    });
  });

  it("a non-hierarchical record's page with 1253 where a next-page link would be is read as openslide reads it", async () => {
    // openslide reads one page of such a record and ignores that word ("sometimes 1253" in real slides).
    const set = await buildMirax(temp.dir, 'word1253', { nonHierPageWord: 1253 });
    expect(await inspectSlide(set.main)).toMatchObject({ kind: 'slide', format: 'mirax' });
  });

  it('an Index.dat whose pages loop is refused', async () => {
    const set = await buildMirax(temp.dir, 'loop', { indexLoop: true });
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'loop.mrxs is a damaged MIRAX file: its index file (Index.dat) loops back on itself',
      ),
    });
  });

  it('an Index.dat page claiming two billion entries is refused after a handful of reads', async () => {
    const set = await buildMirax(temp.dir, 'oversized', { levels: 1, slideId: 'ID' });
    // "01.02ID", roots → table at 15 → record head at 23 → page at 31 with count 2^31 - 1.
    const index = Buffer.alloc(64);
    index.write('01.02ID', 0, 'latin1');
    index.writeInt32LE(15, 7);
    index.writeInt32LE(0, 11);
    index.writeInt32LE(23, 15);
    index.writeInt32LE(0, 19); // the non-hierarchical table is never reached
    index.writeInt32LE(0, 23);
    index.writeInt32LE(31, 27);
    index.writeInt32LE(0x7fffffff, 31);
    await writeFile(path.join(set.folder, 'Index.dat'), index);
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('its index file (Index.dat) lists more records than it has room for'),
    });
  });

  it('negative pointers in Index.dat are damage, not a crash', async () => {
    const set = await buildMirax(temp.dir, 'negative', { slideId: 'ID' });
    const index = Buffer.alloc(16, 0xff);
    index.write('01.02ID', 0, 'latin1');
    await writeFile(path.join(set.folder, 'Index.dat'), index);
    expect(await inspectSlide(set.main)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('holds an impossible value'),
    });
  });

  it('random damage to Index.dat always gives an outcome, never a throw', async () => {
    const set = await buildMirax(temp.dir, 'mutant', { tiles: 64 });
    const original = await readFile(path.join(set.folder, 'Index.dat'));
    let state = 7;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const kinds = new Set<string>();
    for (let round = 0; round < 200; round += 1) {
      const mutant = Buffer.from(original);
      for (let flip = 0; flip < 1 + Math.floor(random() * 4); flip += 1)
        mutant[Math.floor(random() * mutant.length)] = Math.floor(random() * 256);
      await writeFile(path.join(set.folder, 'Index.dat'), mutant);
      const result = await inspectSlide(set.main);
      kinds.add(result.kind);
      expect(['slide', 'incomplete']).toContain(result.kind);
    }
    expect(kinds.has('incomplete')).toBe(true);
  });
});
