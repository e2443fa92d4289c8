import type { ImageRecord, LogEntry } from '../api/index.js';
import type { ImageScopeSummary } from '../annotations/imagescope.js';
import type { JobView, QueueHold, QueueTotals } from '../engine/index.js';

/** Which server the app talks to, and how it is doing. */
export interface AppStatus {
  version: string;
  host: 'electron' | 'browser' | 'cli';
  server: {
    /** "Embedded sandbox" or the server URL. */
    label: string;
    url: string;
    sandbox: boolean;
  };
  /** The user uploads are made for; null when none is set and the sandbox is off. */
  userId: number | null;
  /** Why the queue stands still (e.g. sign in again), if it does. */
  hold: QueueHold | null;
  /** Set when the app could not connect (bad URL, sandbox failed to start): what happened and what to do. */
  problem: string | null;
}

export interface QueueSnapshot {
  /** Every job in queue order; when listed by page (`queue.list { first }`), only the first ones. */
  jobs: JobView[];
  /**
   * Listed by page only: the id of every job in queue order, so the whole list is counted (and placed) before the
   * rest of its jobs are fetched with `queue.jobs`.
   */
  order?: number[];
  totals: QueueTotals | null;
  hold: QueueHold | null;
  /** Another process that runs this queue now (it uploads, and job changes belong there), or null. */
  runner: QueueRunnerView | null;
}

export interface QueueRunnerView {
  /** "The command-line agent (process 4242)" */
  name: string;
  /** Where it uploads, for people. */
  destination: string;
}

/** What slide QC found, in a form the UI can show. */
export interface SlideCheck {
  kind: 'slide' | 'incomplete' | 'not-a-slide' | 'unreadable' | 'not-checked';
  format: string | null;
  width: number | null;
  height: number | null;
  levels: number | null;
  vendor: string | null;
  magnification: number | null;
  /** Micrometres per pixel (x) at full resolution. */
  mpp: number | null;
  /** A multi-file slide (MIRAX, VSI, DICOM series): how many files, and their total bytes; null for one file. */
  members: { count: number; bytes: number } | null;
  warnings: string[];
}

export type AddOutcomeKind = 'added' | 'resumed' | 'already-uploaded' | 'duplicate' | 'rejected' | 'error';

/** One file handed to `queue.add`: what became of it, in words, with the QC result. */
export interface AddOutcome {
  path: string;
  outcome: AddOutcomeKind;
  message: string;
  jobId: number | null;
  check: SlideCheck;
}

/** An image row for the images table: the API's image plus, in the all-users view, whose list it came from. */
export interface ImageRow extends ImageRecord {
  ownerId: number | null;
}

export interface ConnectionTest {
  ok: boolean;
  /** Technician words: "Connected: 12 images for user 19" or what failed and what to do. */
  message: string;
  /** Whether the server offers the resumable multipart extension; null when unreachable. */
  multipart: boolean | null;
}

export interface AnnotationImportResult {
  summary: ImageScopeSummary;
  message: string;
  /** The image's numeric id the annotations were attached to. */
  imageId: number;
  /** What the server said, if anything. */
  serverMessage: string | null;
  /** What a GeoJSON file could not carry into ImageScope XML (empty for an XML file). */
  warnings: string[];
  /** The file name sent to the server: a converted GeoJSON file goes as "<name>.xml". */
  uploadedAs: string;
}

export interface PredictionXml {
  /** Named for the format asked: "<slide>_prediction.xml" or "<slide>_prediction.geojson". */
  fileName: string;
  /** The server's ImageScope XML, as downloaded. */
  xml: string;
  /** The same annotations as QuPath GeoJSON, when asked for; null otherwise. */
  geojson: string | null;
  /** What the XML held that GeoJSON cannot carry (empty without a conversion). */
  warnings: string[];
}

export interface DownloadStarted {
  downloadId: string;
  /** Where the file is being written. */
  path: string;
}

export type { LogEntry };

/** `slides.inspect`: slide QC's full report on one path, as `pathomiq-uploader inspect` and the UI show it. */
export interface SlideQcReport extends Pick<
  SlideCheck,
  'format' | 'width' | 'height' | 'levels' | 'vendor' | 'magnification' | 'mpp'
> {
  path: string;
  /** passes: would be queued; refused: a slide, but damaged or incomplete; the others: not uploaded. */
  verdict: 'passes' | 'refused' | 'not-a-slide' | 'unreadable';
  /** Why it is refused or skipped, in a technician's words; null when it passes. */
  reason: string | null;
  /** What it would be uploaded as: the file's name, or a multi-file slide's ZIP ("CASE-1.mrxs.zip"). */
  uploadName: string | null;
  /** Bytes that would be sent (the ZIP's exact length for a multi-file slide). */
  uploadBytes: number | null;
  /** A multi-file slide's files, in ZIP order (empty for one file). */
  members: Array<{ entryName: string; size: number }>;
  compression: string | null;
  /** Pixel QC: what was decoded per level; null when it did not run (format it does not decode, or refused before). */
  pixels: {
    millis: number;
    levels: Array<{ level: number; width: number; height: number; tilesDecoded: number; whole: boolean }>;
  } | null;
  warnings: string[];
}

/** Pictures of a slide a technician recognises it by: an overview, the barcode/handwritten label, the whole glass. */
export type SlidePreviewKind = 'thumbnail' | 'label' | 'macro';

/**
 * One preview picture, scaled to fit 320 px, as a data: URL the renderer can show as it is (no file:// URL, no
 * extra route in either host). `source` says where it came from: the file's own associated image, or (thumbnail
 * only) its smallest pyramid level. Label pictures may show patient names: only ever shown, never logged.
 */
export type SlidePreview =
  | {
      available: true;
      kind: SlidePreviewKind;
      source: 'associated' | 'smallest-level';
      dataUrl: string;
      width: number;
      height: number;
      /**
       * The slide's full-resolution (level 0) size when its headers say, so annotation coordinates (level-0
       * pixels) can be drawn over the picture. Only a thumbnail shows the whole slide; labels and macros get none.
       */
      slideWidth?: number;
      slideHeight?: number;
    }
  | {
      available: false;
      kind: SlidePreviewKind;
      /** "CASE-1.svs has no label image", or why it could not be made. */
      reason: string;
    };
