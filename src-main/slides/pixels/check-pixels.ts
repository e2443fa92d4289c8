import path from 'node:path';
import { ByteReader } from '../byte-reader.js';
import { unreadableReason } from '../reasons.js';
import type { PixelReport, SlideFormat, SlideInspection } from '../types.js';
import { codecSupport } from './codecs.js';
import { checkLevel, WHOLE_BUDGET_PIXELS } from './level-check.js';
import { pixelLevels, type PixelLevel } from './levels.js';
import { levelLabel, pixelsDamaged, pixelsNotChecked, unknownCompression } from './reasons.js';

type Slide = Extract<SlideInspection, { kind: 'slide' }>;

/** Single-file TIFF-family slides: the ones libvips opens. CZI, DICOM, MIRAX and VSI are left alone. */
const TIFF_PIXEL_FORMATS: ReadonlySet<SlideFormat> = new Set([
  'aperio-svs',
  'hamamatsu-ndpi',
  'generic-tiff',
  'philips-tiff',
  'leica-scn',
  'ventana-bif',
]);

/**
 * Pixel-level QC of an inspected single-file slide: decodes the smallest levels whole (2048² pixels in all) and
 * a few tiles of every other level, so a slide whose structure is intact but whose image data is damaged is
 * refused before upload. Returns the inspection with `pixels` (and any warnings), or an `incomplete` refusal
 * naming the level and tile. Never throws for a bad file; throws only when `signal` aborts (checked between decodes).
 */
export async function checkPixels(
  file: string,
  inspection: SlideInspection,
  options: { signal?: AbortSignal } = {},
): Promise<SlideInspection> {
  if (inspection.kind !== 'slide' || inspection.members || !TIFF_PIXEL_FORMATS.has(inspection.format))
    return inspection;
  const { signal } = options;
  signal?.throwIfAborted();
  try {
    return await check(file, inspection, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { kind: 'unreadable', reason: unreadableReason(path.basename(file), error) };
  }
}

async function check(file: string, slide: Slide, signal: AbortSignal | undefined): Promise<SlideInspection> {
  const started = performance.now();
  const name = path.basename(file);
  const reader = await ByteReader.open(file, { signal });
  const found = await pixelLevels(reader, slide.format).finally(() => reader.close());
  if (!found || found.levels.length === 0) return slide;
  if (slide.format === 'hamamatsu-ndpi' && found.structure.ndpiWide) {
    // libtiff does not follow NDPI's 4 GB wrap-around, so a decode error there would say nothing about the data.
    return withWarning(slide, pixelsNotChecked(name, 'it is an NDPI file larger than 4 GB'));
  }
  const levels = found.levels;
  const refusal = unknownCodecRefusal(name, slide, levels);
  if (refusal) return refusal;

  const report: PixelReport['levels'] = [];
  const warnings: string[] = [];
  // Smallest first: small levels are cheap to decode whole and each covers the whole slide area.
  let wholeBudget = WHOLE_BUDGET_PIXELS;
  for (const level of [...levels].reverse()) {
    const support = codecSupport(level.fields.compression);
    if (support.kind === 'not-checked') {
      const why = `its images are compressed as ${support.name}, which this app cannot decode`;
      if (!warnings.some((warning) => warning.includes(why))) warnings.push(pixelsNotChecked(name, why));
      continue;
    }
    const pixels = level.width * level.height;
    const whole = pixels <= wholeBudget;
    // Once a level is too large to decode whole, every larger one is too: only sample from then on.
    wholeBudget = whole ? wholeBudget - pixels : 0;
    const result = await checkLevel(file, level, whole, signal);
    if (result.kind === 'skipped') continue;
    if (result.kind === 'unsupported') {
      const warning = pixelsNotChecked(name, `this app cannot decode its images (${result.cause})`);
      if (!warnings.includes(warning)) warnings.push(warning);
      continue;
    }
    if (result.kind === 'unopened')
      return { kind: 'unreadable', reason: unreadableReason(name, new Error(result.cause)) };
    if (result.kind === 'damaged') {
      const levelName = levelLabel(level.level, levels.length);
      const where = result.where ? `${result.where} of ${levelName}` : levelName;
      return {
        kind: 'incomplete',
        format: slide.format,
        reason: pixelsDamaged(name, slide.format, where, result.cause),
        detail: `${where} (page ${level.address?.page ?? '?'}${level.address?.subifd === undefined ? '' : `, subifd ${level.address.subifd}`}, directory ${level.fields.ifd.index + 1}): ${result.message}`,
      };
    }
    report.push({
      level: level.level,
      width: level.width,
      height: level.height,
      tilesDecoded: result.tilesDecoded,
      whole: result.whole,
    });
  }
  const pixels: PixelReport = {
    levels: report.sort((a, b) => a.level - b.level),
    millis: Math.round(performance.now() - started),
  };
  return { ...slide, warnings: [...slide.warnings, ...warnings], pixels };
}

/**
 * The part of pixel QC that decodes nothing, on a file slide QC has open already: every level's compression is
 * one an image reader knows (code 52479 is refused). `qcSlide(…, { pixels: 'codecs' })` runs it inside the
 * structural inspection — no second open — for watch folders, whose slides the engine decodes before upload.
 * Errors reading the directories propagate to the inspection, which reports the file unreadable.
 */
export async function checkCodecs(reader: ByteReader, inspection: SlideInspection): Promise<SlideInspection> {
  if (inspection.kind !== 'slide' || inspection.members || !TIFF_PIXEL_FORMATS.has(inspection.format))
    return inspection;
  const found = await pixelLevels(reader, inspection.format);
  if (!found || (inspection.format === 'hamamatsu-ndpi' && found.structure.ndpiWide)) return inspection;
  return unknownCodecRefusal(reader.name, inspection, found.levels) ?? inspection;
}

function unknownCodecRefusal(
  name: string,
  slide: Slide,
  levels: readonly PixelLevel[],
): SlideInspection | undefined {
  for (const level of levels) {
    const support = codecSupport(level.fields.compression);
    if (support.kind === 'unknown') {
      return {
        kind: 'incomplete',
        format: slide.format,
        reason: unknownCompression(name, support.code),
        detail: `${levelLabel(level.level, levels.length)} (directory ${level.fields.ifd.index + 1}) has compression ${support.code}`,
      };
    }
  }
  return undefined;
}

function withWarning(slide: Slide, warning: string): Slide {
  return { ...slide, warnings: [...slide.warnings, warning] };
}
