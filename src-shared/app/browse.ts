import { z } from 'zod';

/** Entries sent per `files.browse` answer at most; the UI asks for the next page ("Show more"). */
export const BROWSE_PAGE_MAX = 2000;
/** Names read from one folder at most: a folder of millions of files must not hold the host's memory hostage. */
export const BROWSE_NAMES_MAX = 50_000;

/**
 * `files.browse` arguments. Paths come from a browser tab, so they are checked like typed paths: bounded length,
 * no NUL (Node would refuse it deep inside fs with a confusing error), absolute (checked on the host, which knows
 * its own path rules).
 */
export const browseArgsSchema = z.object({
  /** A folder of the host machine; omitted: the user's home folder. */
  path: z
    .string()
    .min(1)
    .max(4096)
    .refine((value) => !value.includes('\0'), 'a path cannot contain a NUL character')
    .optional(),
  /** Show names starting with a dot (and Windows' system folders). */
  showHidden: z.boolean().default(false),
  offset: z.number().int().min(0).max(BROWSE_NAMES_MAX).default(0),
  limit: z.number().int().min(1).max(BROWSE_PAGE_MAX).default(500),
});

export interface BrowseEntry {
  name: string;
  /** Absolute path, as passed to `queue.add` or a watch folder. */
  path: string;
  kind: 'file' | 'folder';
  /** Bytes (files); null for folders and when unknown. */
  size: number | null;
  mtimeMs: number | null;
  /** The name has a slide extension. */
  slide: boolean;
  /** The main file of a slide kept in several files (MIRAX .mrxs, Olympus .vsi, DICOM .dcm): its parts come along. */
  multiFile: boolean;
  /** A symbolic link (shown as what it points to). */
  link: boolean;
  /** A link whose target is gone or loops: listed so the user sees it, but it cannot be opened or chosen. */
  broken: boolean;
}

/** A place to start from: home, the root, a mounted volume or drive. */
export interface BrowsePlace {
  name: string;
  path: string;
  kind: 'home' | 'root' | 'volume';
}

export interface FolderListing {
  /** The folder as the host resolved it (no "..", links followed); the path asked for when it cannot be opened. */
  path: string;
  /** null at the root of a file system. */
  parent: string | null;
  /** From the root down to `path`, for the breadcrumb. */
  crumbs: Array<{ name: string; path: string }>;
  /** One page, folders first, then by name. */
  entries: BrowseEntry[];
  offset: number;
  /** Entries listed in all (hidden ones excluded unless shown). */
  total: number;
  /** Hidden entries not listed. */
  hidden: number;
  /** The folder holds more than BROWSE_NAMES_MAX names; only that many were read. */
  capped: boolean;
  places: BrowsePlace[];
  /** Why the folder could not be listed (then `entries` is empty), in words for people; null when listed. */
  problem: string | null;
}
