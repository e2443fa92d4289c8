import type { SlideCheck } from '../../src-shared/app/index.js';
import type { SlideFormat, SlideInspection, SlideMetadata } from '../slides/index.js';

const FORMAT_NAMES: Record<SlideFormat, string | null> = {
  'aperio-svs': 'Aperio SVS',
  'hamamatsu-ndpi': 'Hamamatsu NDPI',
  'leica-scn': 'Leica SCN',
  'ventana-bif': 'Ventana BIF',
  'philips-tiff': 'Philips TIFF',
  // Not "Pyramidal TIFF": a one-level TIFF is this format too, and QC then warns it is not a pyramid.
  'generic-tiff': 'TIFF',
  'zeiss-czi': 'Zeiss CZI',
  dicom: 'DICOM WSI',
  mirax: 'MIRAX (3DHistech)',
  'olympus-vsi': 'Olympus VSI',
  unknown: null,
};

export const NOT_CHECKED: SlideCheck = {
  kind: 'not-checked',
  format: null,
  width: null,
  height: null,
  levels: null,
  vendor: null,
  magnification: null,
  mpp: null,
  members: null,
  warnings: [],
};

const fromMetadata = (metadata: SlideMetadata | undefined) => ({
  width: metadata?.width ?? null,
  height: metadata?.height ?? null,
  levels: metadata?.levels ?? null,
  vendor: metadata?.vendor ?? null,
  magnification: metadata?.magnification ?? null,
  mpp: metadata?.mppX ?? null,
});

/** What slide QC found, for the UI; `undefined` (the file never got that far) is "not checked". */
export function toSlideCheck(inspection: SlideInspection | undefined): SlideCheck {
  if (!inspection) return NOT_CHECKED;
  switch (inspection.kind) {
    case 'slide':
      return {
        ...NOT_CHECKED,
        kind: 'slide',
        format: FORMAT_NAMES[inspection.format],
        ...fromMetadata(inspection.metadata),
        members: inspection.members
          ? {
              count: inspection.members.length,
              bytes: inspection.members.reduce((sum, member) => sum + member.size, 0),
            }
          : null,
        warnings: inspection.warnings,
      };
    case 'incomplete':
      return { ...NOT_CHECKED, kind: 'incomplete', format: FORMAT_NAMES[inspection.format] };
    case 'not-a-slide':
    case 'unreadable':
      return { ...NOT_CHECKED, kind: inspection.kind };
  }
}
