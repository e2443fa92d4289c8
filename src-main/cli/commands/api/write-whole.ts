import { rename, rm, writeFile } from 'node:fs/promises';

/** Written beside the target and renamed, so a failure never leaves half a file under the final name. */
export async function writeWhole(destination: string, text: string): Promise<void> {
  const partial = `${destination}.part`;
  try {
    await writeFile(partial, text);
    await rename(partial, destination);
  } finally {
    await rm(partial, { force: true });
  }
}
