import { useEffect, useState } from 'react';
import type { SlidePreview, SlidePreviewKind } from '../../../src-shared/app/index.js';
import { previewKey, requestPreview, type PreviewTarget } from './preview-requests.js';

/** undefined while not asked or on its way; null when asking failed. */
export type PreviewState = SlidePreview | null | undefined;

/** The preview of `target`, asked for once `enabled` (e.g. the row has scrolled into view). */
export function useSlidePreview(target: PreviewTarget, kind: SlidePreviewKind, enabled = true): PreviewState {
  const key = previewKey(target, kind);
  const [state, setState] = useState<{ key: string; preview: PreviewState }>({ key, preview: undefined });
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void requestPreview(target, kind).then((preview) => {
      if (current) setState({ key, preview });
    });
    return () => {
      current = false;
    };
    // `key` stands for `target` and `kind`: a new object with the same path must not ask again.
  }, [key, enabled]);
  return state.key === key ? state.preview : undefined;
}
