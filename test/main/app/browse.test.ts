import { chmod, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dispatchCommand,
  type AppHandlers,
  type CommandResult,
  type DispatchResult,
} from '../../../src-shared/app/index.js';
import type { FolderListing } from '../../../src-shared/app/browse.js';
import { browseHandlers } from '../../../src-main/app/browse-handlers.js';
import { folderErrorText } from '../../../src-main/app/browse-path.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let volumes: string;

beforeEach(async () => {
  const temp = await makeTempDir('pathomiq-browse-');
  // Compared with what the host answers, which follows links (macOS's /tmp is one).
  dir = await realpath(temp.dir);
  cleanup = temp.cleanup;
  volumes = path.join(dir, 'media');
});
afterEach(() => cleanup());

/** Through the same dispatcher every transport uses, so the zod schema guards each call as in the app. */
async function browse(args: unknown): Promise<DispatchResult> {
  const handlers = browseHandlers({ home: dir, volumeParents: [volumes] }) as unknown as AppHandlers;
  return dispatchCommand(handlers, 'files.browse', args);
}

async function listing(args: object): Promise<FolderListing> {
  const result = await browse(args);
  if (!result.ok) throw new Error(result.error.message);
  return result.result as CommandResult<'files.browse'>;
}

const names = (list: FolderListing) => list.entries.map((entry) => entry.name);

describe('files.browse', () => {
  it('lists folders first, then files by name, marking slides and multi-file slide mains', async () => {
    await mkdir(path.join(dir, 'case 10'));
    await mkdir(path.join(dir, 'case 9'));
    await writeFile(path.join(dir, 'b.svs'), 'x'.repeat(1234));
    await writeFile(path.join(dir, 'A.NDPI'), '');
    await writeFile(path.join(dir, 'scan.mrxs'), '');
    await writeFile(path.join(dir, 'olympus.vsi'), '');
    await writeFile(path.join(dir, 'image.dcm'), '');
    await writeFile(path.join(dir, 'notes.txt'), '');

    const list = await listing({ path: dir });
    expect(list).toMatchObject({ path: dir, parent: path.dirname(dir), total: 8, hidden: 0, problem: null });
    // Numbers in names sort as numbers: case 9 before case 10.
    expect(names(list)).toEqual([
      'case 9',
      'case 10',
      'A.NDPI',
      'b.svs',
      'image.dcm',
      'notes.txt',
      'olympus.vsi',
      'scan.mrxs',
    ]);
    const entry = (name: string) => list.entries.find((candidate) => candidate.name === name)!;
    expect(entry('case 9')).toMatchObject({ kind: 'folder', size: null, slide: false });
    expect(entry('b.svs')).toMatchObject({ kind: 'file', size: 1234, slide: true, multiFile: false });
    expect(entry('b.svs').path).toBe(path.join(dir, 'b.svs'));
    expect(entry('b.svs').mtimeMs).toBeGreaterThan(0);
    expect(entry('A.NDPI')).toMatchObject({ slide: true, multiFile: false });
    expect(entry('notes.txt')).toMatchObject({ slide: false, multiFile: false });
    for (const name of ['scan.mrxs', 'olympus.vsi', 'image.dcm'])
      expect(entry(name)).toMatchObject({ slide: true, multiFile: true });
    expect(list.crumbs.at(-1)).toEqual({ name: path.basename(dir), path: dir });
    expect(list.crumbs[0]!.path).toBe(path.parse(dir).root);
    if (process.platform !== 'win32') expect(list.crumbs[0]!.name).toBe('Computer');
  });

  it('hides dot files unless asked, and says how many are hidden', async () => {
    await writeFile(path.join(dir, '.secret'), '');
    await mkdir(path.join(dir, '.cache'));
    await writeFile(path.join(dir, 'slide.svs'), '');
    expect(await listing({ path: dir })).toMatchObject({ total: 1, hidden: 2 });
    const shown = await listing({ path: dir, showHidden: true });
    expect(names(shown)).toEqual(['.cache', '.secret', 'slide.svs']);
    expect(shown.hidden).toBe(0);
  });

  it('starts at home, and offers home, the root and mounted volumes as places', async () => {
    await mkdir(path.join(volumes, 'USB-DISK'), { recursive: true });
    await mkdir(path.join(volumes, 'Scanner share'));
    await writeFile(path.join(volumes, 'not-a-volume.txt'), '');
    const list = await listing({});
    expect(list.path).toBe(dir);
    const root = path.parse(dir).root;
    expect(list.places).toEqual([
      { name: 'Home', path: dir, kind: 'home' },
      ...(process.platform === 'win32' ? [] : [{ name: 'Computer', path: root, kind: 'root' }]),
      { name: 'Scanner share', path: path.join(volumes, 'Scanner share'), kind: 'volume' },
      { name: 'USB-DISK', path: path.join(volumes, 'USB-DISK'), kind: 'volume' },
    ]);
  });

  it('resolves ".." to the real folder it names', async () => {
    await mkdir(path.join(dir, 'a', 'b'), { recursive: true });
    const list = await listing({ path: `${dir}/a/b/../../a/../a/b/../..` });
    expect(list.path).toBe(dir);
    expect(list.path).not.toContain('..');
    expect(names(list)).toEqual(['a']);
  });

  it('refuses a NUL byte, an over-long path and wrong types before any file system call', async () => {
    for (const args of [
      { path: `${dir}/a\0/etc/passwd` },
      { path: `/${'x'.repeat(5000)}` },
      { path: '' },
      { path: 42 },
      { path: dir, limit: 1_000_000 },
      { path: dir, offset: -1 },
      { path: dir, extra: true, showHidden: 'yes' },
    ]) {
      const result = await browse(args);
      expect(result, JSON.stringify(args).slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'invalid-args' },
      });
    }
  });

  it('answers a relative path, a missing folder and a file with words, not a crash', async () => {
    await writeFile(path.join(dir, 'slide.svs'), '');
    expect((await listing({ path: 'relative/slides' })).problem).toMatch(/not a full path/);
    const missing = await listing({ path: path.join(dir, 'gone') });
    expect(missing).toMatchObject({ path: path.join(dir, 'gone'), parent: dir, entries: [] });
    expect(missing.problem).toMatch(/does not exist/);
    expect(missing.places[0]).toMatchObject({ kind: 'home' });
    expect((await listing({ path: path.join(dir, 'slide.svs') })).problem).toMatch(/is a file, not a folder/);
  });

  it('lists a very long name, and a path longer than the system allows is answered with words', async () => {
    const long = `${'n'.repeat(240)}.svs`;
    await writeFile(path.join(dir, long), '');
    expect(names(await listing({ path: dir }))).toEqual([long]);
    const tooLong = await listing({ path: path.join(dir, 'x'.repeat(300)) });
    expect(tooLong.problem).toMatch(/too long|does not exist/);
  });

  it.runIf(process.platform === 'linux')('refuses the kernel trees /proc, /sys and /dev', async () => {
    for (const target of ['/proc', '/proc/self', '/sys/kernel', '/dev', `${dir}/../../../../proc/1`]) {
      const list = await listing({ path: target });
      expect(list.entries, target).toEqual([]);
      expect(list.problem, target).toMatch(
        /is in the kernel's .*, not a folder of files; slides are not kept there/,
      );
    }
  });

  it.runIf(process.platform === 'linux')('refuses a link into /proc like /proc itself', async () => {
    await symlink('/proc', path.join(dir, 'innocent'));
    expect((await listing({ path: path.join(dir, 'innocent') })).problem).toMatch(
      /is in the kernel's process list/,
    );
  });

  it.skipIf(process.platform === 'win32')(
    'handles link loops: listed as broken, opening one says so',
    async () => {
      await mkdir(path.join(dir, 'slides'));
      await symlink(path.join(dir, 'loop'), path.join(dir, 'loop'));
      await symlink(dir, path.join(dir, 'slides', 'back-up'));
      await symlink(path.join(dir, 'nowhere'), path.join(dir, 'dangling.svs'));

      const list = await listing({ path: dir });
      const entry = (name: string) => list.entries.find((candidate) => candidate.name === name)!;
      expect(entry('loop')).toMatchObject({ link: true, broken: true });
      expect(entry('dangling.svs')).toMatchObject({ link: true, broken: true, size: null });
      expect(entry('slides')).toMatchObject({ kind: 'folder', link: false, broken: false });

      const inner = await listing({ path: path.join(dir, 'slides') });
      expect(inner.entries[0]).toMatchObject({ name: 'back-up', kind: 'folder', link: true, broken: false });
      // Following the link back up lands on the real folder, not on an ever longer path.
      expect((await listing({ path: path.join(dir, 'slides', 'back-up', 'slides', 'back-up') })).path).toBe(
        dir,
      );
      expect((await listing({ path: path.join(dir, 'loop') })).problem).toMatch(/loops back on itself/);
    },
  );

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'says a folder it may not read is unreadable',
    async () => {
      const locked = path.join(dir, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o000);
      try {
        const list = await listing({ path: locked });
        expect(list).toMatchObject({ path: locked, entries: [] });
        expect(list.problem).toMatch(/may not open .*permission denied/);
      } finally {
        await chmod(locked, 0o755);
      }
    },
  );

  it('words a permission error (also where tests run as root, which no mode bit stops)', () => {
    const error = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(folderErrorText('/srv/locked', error)).toBe(
      'This user may not open /srv/locked (permission denied). Ask for access, or choose another folder.',
    );
  });

  it('pages through a folder of 20,000 entries', async () => {
    const big = path.join(dir, 'big');
    await mkdir(big);
    const all = Array.from({ length: 20_000 }, (_, index) => `slide-${index}.svs`);
    for (let start = 0; start < all.length; start += 500)
      await Promise.all(all.slice(start, start + 500).map((name) => writeFile(path.join(big, name), '')));

    const first = await listing({ path: big });
    expect(first).toMatchObject({ total: 20_000, offset: 0, capped: false });
    expect(first.entries).toHaveLength(500);
    expect(first.entries[0]!.name).toBe('slide-0.svs');
    expect(first.entries[499]!.name).toBe('slide-499.svs');

    const last = await listing({ path: big, offset: 19_000, limit: 2000 });
    expect(last.entries).toHaveLength(1000);
    expect(last.entries.at(-1)!.name).toBe('slide-19999.svs');
  });
});
