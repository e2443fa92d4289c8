import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SlidePreview, SlidePreviewKind } from '../../../src-shared/app/index.js';
import { inspectSlide } from '../inspect.js';
import { formatLabel } from '../reasons.js';
import type { SlideFormat, SlideInspection, SlideMetadata } from '../types.js';
import { cziSource } from './czi-sources.js';
import { dicomSource } from './dicom-sources.js';
import { miraxSource } from './mirax-sources.js';
import { PreviewCache, type CachedPreview } from './preview-cache.js';
import { PREVIEW_SIZE, renderPreview } from './render.js';
import { isMissing, KIND_WORDS, type SourceLookup } from './source.js';
import { tiffSource } from './tiff-sources.js';
import { vsiSource } from './vsi-sources.js';

type Slide = Extract<SlideInspection, { kind: 'slide' }>;

/**
 * Bump when previews are made differently, so old cache entries are not served. v2: VSI and CZI pictures are
 * read (v1 remembered them as "not read yet").
 */
const RECIPE = `v2-webp-${PREVIEW_SIZE}`;

const TIFF_FAMILY: ReadonlySet<SlideFormat> = new Set([
  'aperio-svs',
  'hamamatsu-ndpi',
  'generic-tiff',
  'philips-tiff',
  'leica-scn',
  'ventana-bif',
]);

export interface SlidePreviewsOptions {
  /** Cache folder (the app's state dir + "/previews"). */
  dir: string;
  maxBytes?: number;
}

/**
 * Thumbnail, label and macro pictures of slides, made on first request and cached on disk by content
 * fingerprint. Making one reads only the slide's headers and the one small picture; pictures are made one at a
 * time (and the same one only once when asked for twice at once), so previews never compete with uploads for
 * more than one core. The upload path never waits on this: only the UI and the command line ask.
 */
export class SlidePreviews {
  private readonly cache: PreviewCache;
  private readonly inFlight = new Map<string, Promise<CachedPreview | string>>();
  private line: Promise<unknown> = Promise.resolve();
  /** Pictures decoded so far (cache misses), for tests and the bench. */
  made = 0;

  constructor(options: SlidePreviewsOptions) {
    this.cache = new PreviewCache(options.dir, options.maxBytes);
  }

  async preview(file: string, kind: SlidePreviewKind): Promise<SlidePreview> {
    const name = path.basename(file);
    const inspection = await inspectSlide(file, { fingerprint: true });
    if (inspection.kind !== 'slide') return { available: false, kind, reason: inspection.reason };
    const key = cacheKey(inspection, kind);
    const cached = (await this.cache.get(key)) ?? (await this.make(key, inspection, kind));
    if (typeof cached === 'string') return { available: false, kind, reason: `${name}${cached}` };
    if (cached.missing !== undefined) return { available: false, kind, reason: `${name}${cached.missing}` };
    return {
      available: true,
      kind,
      source: cached.source ?? 'associated',
      dataUrl: `data:image/webp;base64,${cached.bytes.toString('base64')}`,
      width: cached.width,
      height: cached.height,
      ...slideSizeFor(kind, inspection.metadata),
    };
  }

  /** A cached entry, or (when the picture could not be decoded this time) the rest of a sentence saying why. */
  private make(key: string, slide: Slide, kind: SlidePreviewKind): Promise<CachedPreview | string> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const made = this.serially(async () => {
      let entry: CachedPreview;
      try {
        const source = await sourceOf(slide, kind);
        if (isMissing(source)) {
          entry = { width: 0, height: 0, missing: source.missing, bytes: Buffer.alloc(0) };
        } else {
          entry = { ...(await renderPreview(source)), source: source.origin };
          this.made += 1;
        }
      } catch (error) {
        // Not cached: a slide read over a flaky share (or still being copied) may read fine next time.
        const cause = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        return `'s ${KIND_WORDS[kind]} could not be read (${cause})`;
      }
      // A full or read-only disk costs the cache, not the picture.
      await this.cache.put(key, entry).catch(() => undefined);
      return entry;
    }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, made);
    return made;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.line.then(task, task);
    this.line = result.catch(() => undefined);
    return result;
  }
}

/** Level 0's size from the headers QC reads anyway; only a thumbnail pictures the whole slide to draw regions on. */
function slideSizeFor(
  kind: SlidePreviewKind,
  metadata: SlideMetadata,
): { slideWidth?: number; slideHeight?: number } {
  const { width, height } = metadata;
  if (kind !== 'thumbnail' || !width || !height) return {};
  return { slideWidth: width, slideHeight: height };
}

async function sourceOf(slide: Slide, kind: SlidePreviewKind): Promise<SourceLookup> {
  const main = slide.files[0];
  if (!main) return { missing: ' has no files' };
  if (TIFF_FAMILY.has(slide.format) && !slide.members) return tiffSource(main, slide.format, kind);
  if (slide.format === 'mirax' && slide.members) return miraxSource(slide.members, kind);
  if (slide.format === 'olympus-vsi') return vsiSource(main, kind);
  if (slide.format === 'zeiss-czi') return cziSource(main, kind);
  if (slide.format === 'dicom')
    return dicomSource(slide.members?.map((member) => member.path) ?? [main], kind);
  return {
    missing: ` is a ${formatLabel(slide.format)} slide; this app does not read the ${KIND_WORDS[kind]} of that format yet`,
  };
}

/** Content, not path: a copy of a slide shares its previews; a file changed in place gets new ones. */
function cacheKey(slide: Slide, kind: SlidePreviewKind): string {
  const hash = createHash('sha256').update(`${RECIPE}\n${kind}\n${slide.format}\n`);
  if (slide.fingerprint) hash.update(`${slide.fingerprint.size}:${slide.fingerprint.value}`);
  else
    for (const member of slide.members ?? [])
      hash.update(`${member.entryName}\0${member.size}\0${member.mtimeMs}\n`);
  return hash.digest('hex').slice(0, 40);
}
