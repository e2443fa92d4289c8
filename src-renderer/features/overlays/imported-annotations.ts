import { create } from 'zustand';
import type { AnnotationFormat } from '../../../src-shared/annotations/annotation-formats.js';

/** An annotation file as it was imported: its text, read again to draw it. */
export interface ImportedAnnotation {
  fileName: string;
  format: AnnotationFormat;
  text: string;
}

interface ImportedAnnotationsState {
  /** By image_unique_id: the last file imported for each image. */
  byImage: Record<string, ImportedAnnotation>;
  remember(imageUniqueId: string, file: ImportedAnnotation): void;
}

/**
 * The annotation files imported in this session, to draw over the thumbnail. The server offers no way to read an
 * image's imported annotations back, and the app keeps no copy on disk, so after a restart only the prediction
 * is drawn.
 */
export const useImportedAnnotations = create<ImportedAnnotationsState>((set) => ({
  byImage: {},
  remember: (imageUniqueId, file) =>
    set((state) => ({ byImage: { ...state.byImage, [imageUniqueId]: file } })),
}));
