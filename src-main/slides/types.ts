/** Slide formats we can recognise. Recognition is by extension and magic bytes together. */
export type SlideFormat =
  | 'aperio-svs'
  | 'hamamatsu-ndpi'
  | 'leica-scn'
  | 'ventana-bif'
  | 'philips-tiff'
  | 'generic-tiff'
  | 'zeiss-czi'
  | 'dicom'
  | 'mirax'
  | 'olympus-vsi'
  | 'unknown';

/** What the file says about itself, read from headers only (never from pixel data). */
export interface SlideMetadata {
  /** Full-resolution size in pixels. */
  width?: number;
  height?: number;
  /** Resolution levels of the pyramid (1 for a flat image). */
  levels?: number;
  vendor?: string;
  /** Objective power of the scan, e.g. 20 or 40. */
  magnification?: number;
  /** Micrometres per pixel at full resolution. */
  mppX?: number;
  mppY?: number;
  bigTiff?: boolean;
  tiled?: boolean;
  /** Compression of the full-resolution image, e.g. "JPEG", "JPEG 2000", "unknown (52479)". */
  compression?: string;
  /** Free-form extras, e.g. "aperio.AppMag", "dicom.SeriesInstanceUID". */
  properties?: Record<string, string>;
}

export type SlideInspection =
  | {
      kind: 'slide';
      format: SlideFormat;
      metadata: SlideMetadata;
      /** Every file that makes up the slide, main file first. */
      files: string[];
      warnings: string[];
      /** The content fingerprint (see `fingerprintWith`) of the size inspected, when asked for. */
      fingerprint?: { size: number; value: string };
    }
  | {
      /** A slide format, but not whole or not intact (cut short, damaged, still being written): refuse it. */
      kind: 'incomplete';
      format: SlideFormat;
      /** Technician words: what is wrong and what to do. */
      reason: string;
      /** Technical detail for logs and support. */
      detail?: string;
    }
  | {
      /** A slide made of several files, recognised but not yet supported for upload. */
      kind: 'multi-file';
      format: SlideFormat;
      /** Every file that makes up the slide, main file first. */
      files: string[];
      reason: string;
      metadata?: SlideMetadata;
    }
  | { kind: 'not-a-slide'; reason: string }
  | { kind: 'unreadable'; reason: string };

/** Counters filled in while inspecting, so callers and tests can see how little was read. */
export interface InspectionStats {
  reads: number;
  bytesRead: number;
}

export interface InspectOptions {
  signal?: AbortSignal;
  /** When given, the number of reads and bytes read are added to it. */
  stats?: InspectionStats;
  /** Also fingerprint a single-file slide while it is open (the queue's duplicate check then needs no open). */
  fingerprint?: boolean;
  /**
   * The caller has just seen the path as a regular file of this size (the watcher's stability check): no stat
   * and no fstat needed, and that size is what is inspected.
   */
  knownFile?: { size: number };
}
