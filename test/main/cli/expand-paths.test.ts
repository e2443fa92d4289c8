import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandPaths, MAX_FOLDER_DEPTH } from '../../../src-main/cli/expand-paths.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('walking hostile file trees', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('searches each real folder once, reports each loop once and queues a file reached under two names once', async () => {
    const root = path.join(temp.dir, 'scans');
    const slides: string[] = [];
    for (let folder = 0; folder < 100; folder += 1) {
      const dir = path.join(root, `run-${String(folder).padStart(3, '0')}`);
      await mkdir(dir, { recursive: true });
      for (let file = 0; file < 100; file += 1) {
        const slide = path.join(dir, `slide-${String(file).padStart(3, '0')}.svs`);
        await writeFile(slide, '');
        slides.push(slide);
      }
    }
    // Two loops (one to the top, one to itself), a symlinked and a hard-linked second name of one slide.
    await symlink(root, path.join(root, 'run-000', 'back-to-top'));
    await symlink('.', path.join(root, 'run-050', 'itself'));
    await symlink(path.join(root, 'run-001', 'slide-001.svs'), path.join(root, 'run-002', 'alias.svs'));
    await link(path.join(root, 'run-001', 'slide-002.svs'), path.join(root, 'run-003', 'hard-link.svs'));

    const { files, problems, skipped } = await expandPaths([root, root, path.join(root, 'run-004')]);
    expect(files).toHaveLength(10_000);
    expect(new Set(files).size).toBe(10_000);
    expect([...files].sort()).toEqual([...slides].sort());
    expect(problems).toEqual([]);
    const reasons = skipped.map((entry) => `${path.relative(root, entry.path)}: ${entry.message}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^run-000\/back-to-top: leads back to .*scans, which is searched already/),
        expect.stringMatching(/^run-050\/itself: leads back to .*run-050/),
        expect.stringMatching(/^run-002\/alias\.svs: the same file as .*run-001\/slide-001\.svs/),
        expect.stringMatching(/^run-003\/hard-link\.svs: the same file as .*run-001\/slide-002\.svs/),
      ]),
    );
    // The root named twice and a folder inside it named again: searched once.
    expect(skipped.filter((entry) => entry.path === root)).toHaveLength(1);
  });

  it('stops at a depth no scanner writes, and names a link that loops on itself', async () => {
    let dir = path.join(temp.dir, 'deep');
    for (let depth = 0; depth <= MAX_FOLDER_DEPTH + 2; depth += 1) dir = path.join(dir, 'd');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'lost.svs'), '');
    await symlink('self-link', path.join(temp.dir, 'deep', 'self-link'));
    const { files, skipped } = await expandPaths([path.join(temp.dir, 'deep')]);
    expect(files).toEqual([]);
    expect(skipped.map((entry) => entry.message)).toEqual(
      expect.arrayContaining([
        `more than ${MAX_FOLDER_DEPTH} folders deep; not searched`,
        'a link that loops',
      ]),
    );
  });
});
