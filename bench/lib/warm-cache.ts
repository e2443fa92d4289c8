import { open } from 'node:fs/promises';
import { MiB } from './units.js';

/**
 * Reads files once (untimed) so the measured run finds them in the page cache. This VM reclaims idle page cache
 * proactively (DAMON pageout), so without this whichever side runs later may read its source from disk.
 */
export async function warmPageCache(paths: readonly string[]): Promise<void> {
  const buffer = Buffer.allocUnsafe(16 * MiB);
  for (const file of paths) {
    const handle = await open(file, 'r');
    try {
      while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0);
    } finally {
      await handle.close();
    }
  }
}
