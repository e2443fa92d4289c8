import type { SlideFormat } from '../types.js';
import type { IfdFields } from './ifd-fields.js';

/**
 * Which scanner wrote a TIFF-based slide, and what it says about the scan. The tests follow OpenSlide's
 * vendor detection, applied to the directories we have already read.
 */
export function detectTiffFormat(fields: readonly IfdFields[]): SlideFormat {
  const first = fields[0];
  if (!first) return 'generic-tiff';
  const description = first.description ?? '';
  if (first.ndpiFormatFlag || /^hamamatsu/i.test(first.make ?? '')) return 'hamamatsu-ndpi';
  if (description.startsWith('Aperio')) return 'aperio-svs';
  if (description.includes('DPUfsImport')) return 'philips-tiff';
  if (/<scn[\s>]/.test(description) && /leica/i.test(description)) return 'leica-scn';
  const ventana = fields.some(
    (field) =>
      (field.xmlPacket ?? '').includes('iScan') ||
      (field.description ?? '').includes('iScan') ||
      (field.description ?? '').startsWith('level='),
  );
  if (ventana) return 'ventana-bif';
  return 'generic-tiff';
}

/**
 * Associated images that are not pyramid levels: a description line that starts with the image's kind (Aperio:
 * "label 415x422" on line two). Only at a line start, so a level's free-text field such as "|Label = …" is no match.
 */
const NOT_A_LEVEL = /^\s*(label|macro|thumbnail|overview|probability)\b/im;
/** What an associated (non-level) directory's description says it is: "label", "macro", "thumbnail"… */
export function associatedKindOf(field: IfdFields): string | undefined {
  return NOT_A_LEVEL.exec(field.description ?? '')?.[1]?.toLowerCase();
}

/** NewSubfileType bit 2: a transparency mask, never a level. */
const MASK_BIT = 4;

/** The directories that are levels of the slide's pyramid, largest first. */
export function pyramidLevels(format: SlideFormat, fields: readonly IfdFields[]): IfdFields[] {
  const bySize = (a: IfdFields, b: IfdFields) => area(b) - area(a);
  if (format === 'hamamatsu-ndpi') {
    // NDPI levels are stripped JPEGs; the macro has source lens -1, the map -2; z-planes repeat the levels.
    const levels = fields.filter((f) => (f.ndpiSourceLens ?? 1) > 0 && (f.ndpiFocalPlane ?? 0) === 0);
    return (levels.length > 0 ? levels : fields.slice(0, 1)).sort(bySize);
  }
  let levels = fields.filter(
    (f) => f.tiled && (f.subfileType & MASK_BIT) === 0 && !NOT_A_LEVEL.test(f.description ?? ''),
  );
  if (format === 'ventana-bif') {
    const described = levels.filter((f) => (f.description ?? '').startsWith('level='));
    if (described.length > 0) levels = described;
  }
  return (levels.length > 0 ? levels : fields.slice(0, 1)).sort(bySize);
}

const area = (field: IfdFields) => (field.width ?? 0) * (field.height ?? 0);

export interface VendorDetails {
  vendor?: string;
  magnification?: number;
  mppX?: number;
  mppY?: number;
  levels?: number;
  properties: Record<string, string>;
}

export function vendorDetails(format: SlideFormat, fields: readonly IfdFields[]): VendorDetails {
  const first = fields[0];
  const properties: Record<string, string> = {};
  if (!first) return { properties };
  switch (format) {
    case 'aperio-svs':
      return aperioDetails(first.description ?? '', properties);
    case 'hamamatsu-ndpi': {
      const base = pyramidLevels(format, fields)[0] ?? first;
      const mpp = mppFromResolution(base);
      return {
        vendor: 'Hamamatsu',
        magnification: positive(base.ndpiSourceLens),
        ...mpp,
        properties,
      };
    }
    case 'philips-tiff':
      return philipsDetails(first.description ?? '', properties);
    case 'leica-scn':
      return leicaDetails(first.description ?? '', properties);
    case 'ventana-bif':
      return ventanaDetails(fields, properties);
    default:
      return genericDetails(fields, properties);
  }
}

/** "Aperio Image Library v12…\n46000x32914 […]|AppMag = 20|MPP = 0.4990|…" */
function aperioDetails(description: string, properties: Record<string, string>): VendorDetails {
  const [, ...pairs] = description.split('|');
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0) properties[`aperio.${pair.slice(0, at).trim()}`] = pair.slice(at + 1).trim();
  }
  const mpp = positive(Number(properties['aperio.MPP']));
  return {
    vendor: 'Aperio',
    magnification: positive(Number(properties['aperio.AppMag'])),
    mppX: mpp,
    mppY: mpp,
    properties,
  };
}

/** Philips keeps DICOM attributes in XML; DICOM_PIXEL_SPACING is "row" "column" in millimetres. */
function philipsDetails(description: string, properties: Record<string, string>): VendorDetails {
  const spacing = /Name="DICOM_PIXEL_SPACING"[^>]*>([^<]*)</.exec(description)?.[1];
  const values = (spacing ?? '').match(/[\d.eE+-]+/g)?.map(Number) ?? [];
  const [rowSpacing, columnSpacing] = values;
  const manufacturer = /Name="DICOM_MANUFACTURER"[^>]*>([^<]*)</.exec(description)?.[1]?.trim();
  if (manufacturer) properties['philips.DICOM_MANUFACTURER'] = manufacturer;
  return {
    vendor: 'Philips',
    mppX: positive((columnSpacing ?? Number.NaN) * 1000),
    mppY: positive((rowSpacing ?? Number.NaN) * 1000),
    properties,
  };
}

/** Leica SCN XML: per <image>, <pixels sizeX sizeY> with <dimension r="…"> levels and a <view> size in nm. */
function leicaDetails(description: string, properties: Record<string, string>): VendorDetails {
  let best: { pixelsX: number; levels: number; mppX?: number; mppY?: number } | undefined;
  for (const image of description.split(/<image[\s>]/).slice(1)) {
    const pixels = /<pixels[^>]*\bsizeX="(\d+)"[^>]*\bsizeY="(\d+)"/.exec(image);
    const view = /<view[^>]*\bsizeX="(\d+)"[^>]*\bsizeY="(\d+)"/.exec(image);
    if (!pixels) continue;
    const pixelsX = Number(pixels[1]);
    const pixelsY = Number(pixels[2]);
    const resolutions = new Set([...image.matchAll(/<dimension[^>]*\br="(\d+)"/g)].map((match) => match[1]));
    if (!best || pixelsX > best.pixelsX) {
      best = {
        pixelsX,
        levels: Math.max(1, resolutions.size),
        mppX: view ? positive(Number(view[1]) / pixelsX / 1000) : undefined,
        mppY: view ? positive(Number(view[2]) / pixelsY / 1000) : undefined,
      };
    }
  }
  const objective = /<objective>\s*([\d.]+)\s*<\/objective>/.exec(description)?.[1];
  return {
    vendor: 'Leica',
    magnification: positive(Number(objective)),
    mppX: best?.mppX,
    mppY: best?.mppY,
    levels: best?.levels,
    properties,
  };
}

/** Ventana: XMLPacket <iScan Magnification="40" ScanRes="0.25" …>, or descriptions "level=0 mag=40 …". */
function ventanaDetails(fields: readonly IfdFields[], properties: Record<string, string>): VendorDetails {
  const xml = fields.map((field) => field.xmlPacket ?? '').find((packet) => packet.includes('iScan')) ?? '';
  const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
  const levelMag = fields
    .map((field) => /\bmag=([\d.]+)/.exec(field.description ?? '')?.[1])
    .find((value) => value !== undefined);
  const mpp = positive(Number(attribute('ScanRes')));
  const scanner = attribute('UnitNumber') ?? attribute('ScannerModel');
  if (scanner) properties['ventana.scanner'] = scanner;
  return {
    vendor: 'Roche Ventana',
    magnification: positive(Number(attribute('Magnification') ?? levelMag)),
    mppX: mpp,
    mppY: mpp,
    properties,
  };
}

function genericDetails(fields: readonly IfdFields[], properties: Record<string, string>): VendorDetails {
  const first = fields[0];
  const base = pyramidLevels('generic-tiff', fields)[0] ?? first;
  if (!first || !base) return { properties };
  const description = first.description ?? '';
  // OME-TIFF: <Pixels PhysicalSizeX="0.25" PhysicalSizeXUnit="µm" …>
  if (description.includes('<OME')) {
    const pixels = /<Pixels\b[^>]*>/.exec(description)?.[0] ?? '';
    const size = (axis: string) => {
      const unit = new RegExp(`PhysicalSize${axis}Unit="([^"]*)"`).exec(pixels)?.[1] ?? 'µm';
      const value = Number(new RegExp(`PhysicalSize${axis}="([^"]*)"`).exec(pixels)?.[1]);
      return unit === 'µm' || unit === 'um' ? positive(value) : undefined;
    };
    return { vendor: first.make || 'OME-TIFF', mppX: size('X'), mppY: size('Y'), properties };
  }
  return { vendor: first.make || undefined, ...mppFromResolution(base), properties };
}

/**
 * Micrometres per pixel from XResolution/ResolutionUnit. Only plausible microscope resolutions count:
 * most non-slide TIFFs carry a default 72 dpi (≈ 353 µm per pixel), which says nothing about the scan.
 */
export function mppFromResolution(field: IfdFields): { mppX?: number; mppY?: number } {
  const micronsPerUnit =
    field.resolutionUnit === 3 ? 10_000 : field.resolutionUnit === 2 ? 25_400 : undefined;
  if (micronsPerUnit === undefined) return {};
  const plausible = (resolution: number | undefined) => {
    const mpp = resolution ? micronsPerUnit / resolution : Number.NaN;
    return mpp >= 0.01 && mpp <= 50 ? round(mpp) : undefined;
  };
  return { mppX: plausible(field.xResolution), mppY: plausible(field.yResolution) };
}

const round = (value: number) => Number(value.toPrecision(6));

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? round(value) : undefined;
}
