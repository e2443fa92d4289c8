import os from 'node:os';
import type { AppHandlers } from '../../src-shared/app/index.js';
import { browseFolder } from './browse-folder.js';
import { listPlaces, type PlacesOptions } from './browse-places.js';

/**
 * `files.browse`: the in-app file browser's view of the host's folders. It only lists (names, sizes, dates); what
 * is chosen goes through `queue.add` or a watch folder like a typed path, with their checks.
 */
export function browseHandlers(options: PlacesOptions = {}): Pick<AppHandlers, 'files.browse'> {
  return {
    'files.browse': async (args) => {
      const [listing, places] = await Promise.all([
        browseFolder({
          folder: args.path ?? options.home ?? os.homedir(),
          showHidden: args.showHidden,
          offset: args.offset,
          limit: args.limit,
          platform: options.platform,
        }),
        listPlaces(options),
      ]);
      return { ...listing, places };
    },
  };
}
