import type { BrowsePlace, FolderListing } from '../../../src-shared/app/browse.js';
import { ArrowUpIcon, FolderIcon, IconButton, UserIcon } from '../../ui/index.js';

/** Home, the computer's root and mounted volumes (or drives): where a search for slides usually starts. */
export function PlacesList({
  places,
  current,
  onOpen,
}: {
  places: readonly BrowsePlace[];
  current: string | null;
  onOpen: (path: string) => void;
}) {
  return (
    <nav className="file-places" aria-label="Places">
      <ul>
        {places.map((place) => (
          <li key={place.path}>
            <button
              type="button"
              className={`file-places__item${place.path === current ? ' file-places__item--current' : ''}`}
              aria-current={place.path === current ? 'location' : undefined}
              title={place.path}
              onClick={() => onOpen(place.path)}
            >
              {place.kind === 'home' ? <UserIcon /> : <FolderIcon />}
              <span>{place.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Up one level, then each folder from the root down; the last one is where the list is. */
export function Breadcrumb({
  listing,
  onOpen,
}: {
  listing: FolderListing | null;
  onOpen: (path: string) => void;
}) {
  const crumbs = listing?.crumbs ?? [];
  return (
    <div className="file-crumbs">
      <IconButton
        label="Up one folder (Backspace)"
        disabled={!listing?.parent}
        onClick={() => listing?.parent && onOpen(listing.parent)}
      >
        <ArrowUpIcon />
      </IconButton>
      <nav aria-label="Folder path">
        <ol className="file-crumbs__list">
          {crumbs.map((crumb, index) => {
            const last = index === crumbs.length - 1;
            return (
              <li key={crumb.path}>
                <button
                  type="button"
                  className="file-crumbs__item"
                  aria-current={last ? 'location' : undefined}
                  onClick={() => onOpen(crumb.path)}
                >
                  {crumb.name}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
    </div>
  );
}
