import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BROWSE_NAMES_MAX, type BrowseEntry, type FolderListing } from '../../src-shared/app/browse.js';
import { extensionOf, hasSlideExtension } from '../slides/extensions.js';
import { checkFolder, folderErrorText } from './browse-path.js';

/** Slides whose main file brings other files along (a data folder, a series); the name alone says so. */
const MULTI_FILE_EXTENSIONS = new Set(['.mrxs', '.vsi', '.dcm']);
/** Stats in flight at once: a page of a network share stays responsive without opening thousands of handles. */
const STAT_BATCH = 64;

export interface BrowseRequest {
  folder: string;
  showHidden: boolean;
  offset: number;
  limit: number;
  platform?: NodeJS.Platform;
}

/** Dot names everywhere; Windows' own clutter there too (it has no dot convention of its own we can read). */
export function isHiddenName(name: string): boolean {
  return (
    name.startsWith('.') || /^(\$recycle\.bin|system volume information|desktop\.ini|thumbs\.db)$/i.test(name)
  );
}

/** The folders from the file system's root (or drive) down to `folder`. */
export function crumbsOf(folder: string): Array<{ name: string; path: string }> {
  const { root } = path.parse(folder);
  // "/" beside the crumbs' own separators reads as "//": the root is named as in the places list.
  const crumbs = [{ name: root === '/' ? 'Computer' : root.replace(/[\\/]+$/, ''), path: root }];
  let current = root;
  for (const part of folder.slice(root.length).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    crumbs.push({ name: part, path: current });
  }
  return crumbs;
}

interface Named {
  name: string;
  kind: 'file' | 'folder';
  link: boolean;
  broken: boolean;
}

/**
 * Made on the first listing: a collator loads ICU's collation data (~10 ms), which every command that opens the
 * app would otherwise pay at start-up, browsing or not.
 */
let collator: Intl.Collator | undefined;
const byKindThenName = (a: Named, b: Named) => {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return collator.compare(a.name, b.name);
};

/** Reads up to BROWSE_NAMES_MAX names; links are followed to learn what they point to. */
async function readNames(folder: string): Promise<{ names: Named[]; capped: boolean }> {
  const names: Named[] = [];
  let capped = false;
  const links: Named[] = [];
  for await (const dirent of await opendir(folder, { bufferSize: 256 })) {
    if (names.length >= BROWSE_NAMES_MAX) {
      capped = true;
      break;
    }
    if (dirent.isDirectory()) names.push({ name: dirent.name, kind: 'folder', link: false, broken: false });
    else if (dirent.isFile()) names.push({ name: dirent.name, kind: 'file', link: false, broken: false });
    else if (dirent.isSymbolicLink()) {
      const named: Named = { name: dirent.name, kind: 'file', link: true, broken: false };
      names.push(named);
      links.push(named);
    }
    // Sockets, pipes and devices are never slides.
  }
  for (let start = 0; start < links.length; start += STAT_BATCH) {
    await Promise.all(
      links.slice(start, start + STAT_BATCH).map(async (named) => {
        const target = await stat(path.join(folder, named.name)).catch(() => undefined);
        if (!target) named.broken = true;
        else if (target.isDirectory()) named.kind = 'folder';
      }),
    );
  }
  return { names, capped };
}

async function entryOf(folder: string, named: Named): Promise<BrowseEntry> {
  const full = path.join(folder, named.name);
  const info = named.broken ? undefined : await stat(full).catch(() => undefined);
  const isFile = named.kind === 'file';
  return {
    name: named.name,
    path: full,
    kind: named.kind,
    size: isFile && info ? info.size : null,
    mtimeMs: info ? info.mtimeMs : null,
    slide: isFile && hasSlideExtension(named.name),
    multiFile: isFile && MULTI_FILE_EXTENSIONS.has(extensionOf(named.name)),
    link: named.link,
    broken: named.broken || info === undefined,
  };
}

/** Lists one page of a folder (`places` are added by the caller); never throws for a folder it cannot read. */
export async function browseFolder(request: BrowseRequest): Promise<Omit<FolderListing, 'places'>> {
  const checked = await checkFolder(request.folder, request.platform);
  const empty = { entries: [], offset: 0, total: 0, hidden: 0, capped: false };
  if (!checked.ok) {
    const shown = checked.shown;
    const parent = path.isAbsolute(shown) && path.dirname(shown) !== shown ? path.dirname(shown) : null;
    const crumbs = path.isAbsolute(shown) ? crumbsOf(shown) : [];
    return { path: shown, parent, crumbs, ...empty, problem: checked.problem };
  }
  const { folder } = checked;
  const parent = path.dirname(folder) === folder ? null : path.dirname(folder);
  const base = { path: folder, parent, crumbs: crumbsOf(folder) };
  let read: { names: Named[]; capped: boolean };
  try {
    read = await readNames(folder);
  } catch (error) {
    return { ...base, ...empty, problem: folderErrorText(folder, error) };
  }
  const visible = request.showHidden ? read.names : read.names.filter((named) => !isHiddenName(named.name));
  visible.sort(byKindThenName);
  const page = visible.slice(request.offset, request.offset + request.limit);
  const entries: BrowseEntry[] = [];
  for (let start = 0; start < page.length; start += STAT_BATCH)
    entries.push(
      ...(await Promise.all(page.slice(start, start + STAT_BATCH).map((n) => entryOf(folder, n)))),
    );
  return {
    ...base,
    entries,
    offset: request.offset,
    total: visible.length,
    hidden: read.names.length - visible.length,
    capped: read.capped,
    problem: null,
  };
}
