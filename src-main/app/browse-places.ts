import { readdir, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowsePlace } from '../../src-shared/app/browse.js';

/** Enough for any workstation; a folder of thousands of mounts would only bury home. */
const MAX_VOLUMES = 40;

export interface PlacesOptions {
  platform?: NodeJS.Platform;
  home?: string;
  /** Folders whose sub-folders are mounted volumes; defaults per platform. */
  volumeParents?: string[];
}

/** Where removable disks and network shares appear on each system. */
function defaultVolumeParents(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['/Volumes'];
  if (platform === 'win32') return [];
  const user = os.userInfo().username;
  // /media/<user>/<disk> (Ubuntu, Debian), /run/media/<user>/<disk> (Fedora), /media/<disk> and /mnt/<disk>.
  return ['/media', path.join('/media', user), path.join('/run/media', user), '/mnt'];
}

const isFolder = (target: string) =>
  stat(target).then(
    (info) => info.isDirectory(),
    () => false,
  );

async function volumesUnder(parents: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const parent of parents) {
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const candidate = path.join(parent, name);
      // /media/<user> is itself a parent of volumes, not one.
      if (!name.startsWith('.') && !parents.includes(candidate) && (await isFolder(candidate)))
        found.push(candidate);
    }
  }
  return found;
}

/** Drive letters that answer: C:\ and any mapped or removable drive. */
async function windowsDrives(): Promise<string[]> {
  const letters = Array.from({ length: 26 }, (_, index) => `${String.fromCharCode(65 + index)}:\\`);
  const present = await Promise.all(letters.map(isFolder));
  return letters.filter((_, index) => present[index]);
}

/** The places the in-app browser starts from: home, the root (or drives), then mounted volumes, each once. */
export async function listPlaces(options: PlacesOptions = {}): Promise<BrowsePlace[]> {
  const platform = options.platform ?? process.platform;
  const home = options.home ?? os.homedir();
  const places: BrowsePlace[] = [{ name: 'Home', path: home, kind: 'home' }];
  if (platform === 'win32') {
    for (const drive of await windowsDrives()) places.push({ name: drive, path: drive, kind: 'volume' });
  } else {
    places.push({ name: 'Computer', path: '/', kind: 'root' });
    const volumes = await volumesUnder(options.volumeParents ?? defaultVolumeParents(platform));
    for (const volume of volumes) places.push({ name: path.basename(volume), path: volume, kind: 'volume' });
  }
  // One entry per real folder: macOS lists the boot disk under /Volumes as a link to /.
  const seen = new Set<string>();
  const unique: BrowsePlace[] = [];
  for (const place of places) {
    const real = await realpath(place.path).catch(() => place.path);
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push(place);
  }
  return unique.slice(0, MAX_VOLUMES + 2);
}
