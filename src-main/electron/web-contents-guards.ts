import type { WebContents } from 'electron';
import { isAppUrl } from './app-protocol-paths.js';
import { openExternalLink } from './external-links.js';

/**
 * Keeps our window on our renderer: no navigation or redirect away from app://, no new windows (web links go to the
 * user's browser instead), no <webview>. A compromised page can thus never load remote code with the preload.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    void openExternalLink(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalLink(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
