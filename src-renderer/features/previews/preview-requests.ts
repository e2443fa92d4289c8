import type { SlidePreview, SlidePreviewKind } from '../../../src-shared/app/index.js';
import { appClient } from '../../platform/app-client.js';

/** Which slide: a file on this machine, or the file of a queue job. */
export type PreviewTarget = { path: string } | { jobId: number };

/** Answers kept in memory: a screenful of rows several times over (each answer is a few tens of KiB). */
const KEPT = 300;

/** A preview, or null when asking failed (the app is disconnected, the job was cleared). */
const answers = new Map<string, Promise<SlidePreview | null>>();

export const previewKey = (target: PreviewTarget, kind: SlidePreviewKind): string =>
  'path' in target ? `path:${kind}:${target.path}` : `job:${kind}:${target.jobId}`;

/**
 * One request per picture for the life of the window: rows scroll, re-render and remount without asking again.
 * The Node side caches on disk; this only spares the round trip. Failed requests are forgotten so a later look
 * asks again.
 */
export function requestPreview(target: PreviewTarget, kind: SlidePreviewKind): Promise<SlidePreview | null> {
  const key = previewKey(target, kind);
  const known = answers.get(key);
  if (known) {
    // Used again: move to the end so the least recently used answer goes first.
    answers.delete(key);
    answers.set(key, known);
    return known;
  }
  const asked = appClient.send('slides.preview', { ...target, kind }).catch(() => {
    answers.delete(key);
    return null;
  });
  answers.set(key, asked);
  while (answers.size > KEPT) {
    const oldest = answers.keys().next().value;
    if (oldest === undefined) break;
    answers.delete(oldest);
  }
  return asked;
}
