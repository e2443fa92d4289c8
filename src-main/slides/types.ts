import type { ByteReader } from './byte-reader.js';

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

/**
 * One file of a multi-file slide (MIRAX, VSI, DICOM series) as it travels inside the slide's ZIP. The version
 * (size, mtime) is the one QC read; the upload restarts if any member differs from it.
 */
export interface SlideMember {
  /** Absolute path on this machine. */
  path: string;
  /**
   * Its path inside the ZIP, '/'-separated, relative to the folder that holds the main file — as the scanner
   * wrote it: "slide.mrxs", "slide/Slidedat.ini", "_slide_/stack1/frame_t.ets", "1.dcm".
   */
  entryName: string;
  size: number;
  mtimeMs: number;
}

/** What decoding pixels found (see slides/pixels): what was decoded, and what could not be checked. */
export interface PixelReport {
  /** Per pyramid level (0 = full resolution) that was sampled: how many tiles (or the whole level) decoded. */
  levels: Array<{ level: number; width: number; height: number; tilesDecoded: number; whole: boolean }>;
  /** Milliseconds spent decoding. */
  millis: number;
}

export type SlideInspection =
  | {
      kind: 'slide';
      format: SlideFormat;
      metadata: SlideMetadata;
      /** Every file that makes up the slide, main file first. */
      files: string[];
      /**
       * Multi-file slides only: every member in ZIP order (main file first, then by entry name), with the
       * version QC read. Absent for single-file slides.
       */
      members?: SlideMember[];
      warnings: string[];
      /** The content fingerprint (see `fingerprintWith`) of the size inspected, when asked for. */
      fingerprint?: { size: number; value: string };
      /** Present when pixel QC ran (`qcSlide`). */
      pixels?: PixelReport;
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
  /**
   * A further check of a single-file slide that passed, on the same open file, before it is fingerprinted and
   * closed (slide QC's codec check): its answer is the inspection's.
   */
  onOpenSlide?: (reader: ByteReader, slide: SlideInspection) => Promise<SlideInspection>;
}
