import { shell } from 'electron';
import { safeExternalUrl } from './open-external.js';

/** Opens a web link in the user's browser, if it is one; anything else is refused. */
export async function openExternalLink(input: unknown): Promise<boolean> {
  const url = safeExternalUrl(input);
  if (url === null) return false;
  await shell.openExternal(url);
  return true;
}
