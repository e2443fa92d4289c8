import { describe, expect, it } from 'vitest';
import type { BrowseEntry } from '../../../../src-shared/app/browse.js';
import {
  confirmAction,
  countText,
  isSelectable,
  kindText,
} from '../../../../src-renderer/features/file-browser/browse-mode.js';

const entry = (patch: Partial<BrowseEntry>): BrowseEntry => ({
  name: 'a.svs',
  path: '/s/a.svs',
  kind: 'file',
  size: 10,
  mtimeMs: 0,
  slide: true,
  multiFile: false,
  link: false,
  broken: false,
  ...patch,
});

describe('file browser modes', () => {
  it('chooses files when adding files, folders otherwise, broken links never', () => {
    const folder = entry({ kind: 'folder', name: 'case', slide: false });
    expect(isSelectable('files', entry({}))).toBe(true);
    expect(isSelectable('files', folder)).toBe(false);
    expect(isSelectable('folders', folder)).toBe(true);
    expect(isSelectable('watch-folder', entry({}))).toBe(false);
    expect(isSelectable('files', entry({ broken: true }))).toBe(false);
  });

  it('confirms the chosen rows, or the folder shown when choosing folders', () => {
    expect(confirmAction('files', [], '/s')).toEqual({ label: 'Add files', paths: [] });
    expect(confirmAction('files', ['/s/a.svs', '/s/b.svs'], '/s')).toEqual({
      label: 'Add 2 files',
      paths: ['/s/a.svs', '/s/b.svs'],
    });
    expect(confirmAction('folders', [], '/s')).toEqual({ label: 'Add this folder', paths: ['/s'] });
    expect(confirmAction('folders', ['/s/x'], '/s')).toEqual({ label: 'Add 1 folder', paths: ['/s/x'] });
    expect(confirmAction('watch-folder', [], '/s')).toEqual({ label: 'Choose this folder', paths: ['/s'] });
    expect(confirmAction('watch-folder', ['/s/x'], '/s').paths).toEqual(['/s/x']);
    // A folder that could not be opened cannot be chosen.
    expect(confirmAction('watch-folder', [], null).paths).toEqual([]);
  });

  it('says when not everything is listed', () => {
    expect(countText(12, 12, false)).toBeNull();
    expect(countText(500, 20_000, false)).toBe('Showing 500 of 20,000 items.');
    expect(countText(500, 50_000, true)).toMatch(/^Only the first 50,000 items .* “Add by path”/);
  });

  it("names each row's kind, multi-file slides included", () => {
    expect(kindText(entry({}))).toBe('Slide');
    expect(kindText(entry({ name: 'x.mrxs', multiFile: true }))).toBe('Slide (with its parts)');
    expect(kindText(entry({ slide: false }))).toBe('File');
    expect(kindText(entry({ kind: 'folder' }))).toBe('Folder');
    expect(kindText(entry({ broken: true }))).toBe('Broken link');
  });
});
