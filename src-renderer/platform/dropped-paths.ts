import type { PreloadBridge } from '../../src-shared/app/index.js';

export interface DroppedPaths {
  paths: string[];
  /** Dropped items whose path we cannot know (always all of them in a browser). */
  withoutPath: number;
}

/** What the UI says when a browser drop cannot be used: browsers hide where a dropped file lives. */
export const BROWSER_DROP_HINT =
  'A browser cannot tell the app where dropped files are; pick them here instead.';

/**
 * The filesystem paths of dropped files and folders. In Electron the preload tells us each File's path; a browser
 * gives none, so the caller explains {@link BROWSER_DROP_HINT} and opens the in-app file browser.
 */
export function droppedPaths(files: ArrayLike<File>): DroppedPaths {
  const bridge = (window as Window & { pathomiq?: PreloadBridge }).pathomiq;
  const paths: string[] = [];
  let withoutPath = 0;
  for (const file of Array.from(files)) {
    const path = bridge ? bridge.pathForFile(file) : '';
    if (path) paths.push(path);
    else withoutPath += 1;
  }
  return { paths, withoutPath };
}

/** Paths typed or pasted into the path box: one per line; blank lines and surrounding quotes are ignored. */
export function parsePathList(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const path = line
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
    if (path) seen.add(path);
  }
  return [...seen];
}
