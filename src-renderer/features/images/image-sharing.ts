import { parseSharedUserIds } from '../../../src-shared/api/index.js';
import type { ImageRecord } from '../../../src-shared/api/index.js';

/**
 * The API has no owner field: an image is created with `shared` = "<uploader id>" and adduser appends, so the
 * first id of the list is taken as the owner (true for the API document's example and the sandbox).
 */
export function imageOwnerId(image: Pick<ImageRecord, 'shared'>): number | null {
  return parseSharedUserIds(image.shared)[0] ?? null;
}

/** The users an image is shared with, besides its owner. */
export function sharedWithOthers(image: Pick<ImageRecord, 'shared'>): number[] {
  const [owner, ...others] = parseSharedUserIds(image.shared);
  return owner === undefined ? [] : others;
}

export type SharingFilter = 'any' | 'owned' | 'shared-with-me' | 'shared-with-others' | 'not-shared';

export const SHARING_FILTER_LABELS: Record<SharingFilter, string> = {
  any: 'Any sharing',
  owned: 'Owned by me',
  'shared-with-me': 'Shared with me',
  'shared-with-others': 'Shared with others',
  'not-shared': 'Not shared',
};

/** Whether an image passes the sharing filter for the current user (null: no user set, "me" matches nothing). */
export function matchesSharing(
  image: Pick<ImageRecord, 'shared'>,
  filter: SharingFilter,
  me: number | null,
): boolean {
  if (filter === 'any') return true;
  const ids = parseSharedUserIds(image.shared);
  const owner = ids[0] ?? null;
  switch (filter) {
    case 'owned':
      return me !== null && owner === me;
    case 'shared-with-me':
      return me !== null && owner !== me && ids.includes(me);
    case 'shared-with-others':
      return ids.length > 1;
    case 'not-shared':
      return ids.length <= 1;
  }
}
