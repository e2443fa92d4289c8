import { ByteReader } from './byte-reader.js';
import { readDicomInstance, WSI_SOP_CLASS } from './dicom/dicom-instance.js';
import { collectSeries, hasDicomMagic } from './dicom/dicom-series.js';
import { extensionOf } from './extensions.js';
import { miraxFolderOf, miraxMainOf } from './mirax.js';
import type { SlideFormat } from './types.js';
import { vsiFolderOf, vsiMainOf } from './vsi.js';

/**
 * For a watcher that sees one file of a multi-file slide: the slide's main file if `file` belongs to one
 * (a .dat in an .mrxs folder, an .ets in a VSI folder, a DICOM instance of a whole-slide series; the main
 * file itself included), else undefined. Cheap for ordinary slide files: no reads unless the name or
 * folder suggests a multi-file slide.
 */
export async function multiFileSlideOf(
  file: string,
): Promise<{ main: string; format: SlideFormat } | undefined> {
  try {
    const extension = extensionOf(file);
    if (extension === '.mrxs')
      return (await miraxFolderOf(file)) ? { main: file, format: 'mirax' } : undefined;
    if (extension === '.vsi')
      return (await vsiFolderOf(file)) ? { main: file, format: 'olympus-vsi' } : undefined;
    const part = await folderSlideOf(file);
    if (part) return part;
    if (extension === '.dcm') return await dicomSeriesMainOf(file);
    return undefined;
  } catch {
    // Unreadable or vanished: let inspectSlide report it with a reason.
    return undefined;
  }
}

/** A multi-file slide whose part `file` is, for inspectSlide to report on the whole slide (DICOM excluded). */
export async function folderSlideOf(
  file: string,
): Promise<{ main: string; format: 'mirax' | 'olympus-vsi' } | undefined> {
  const extension = extensionOf(file);
  if (extension === '.dat' || extension === '.ini') {
    const main = await miraxMainOf(file);
    if (main) return { main, format: 'mirax' };
  }
  const vsi = await vsiMainOf(file);
  return vsi ? { main: vsi, format: 'olympus-vsi' } : undefined;
}

async function dicomSeriesMainOf(file: string): Promise<{ main: string; format: SlideFormat } | undefined> {
  const reader = await ByteReader.open(file);
  let first;
  try {
    if (!(await hasDicomMagic(reader))) return undefined;
    first = await readDicomInstance(reader, { checkPixelData: false });
  } finally {
    await reader.close();
  }
  const instance = first.instance;
  if (instance.sopClassUid !== WSI_SOP_CLASS || !instance.seriesInstanceUid) return undefined;
  const series = await collectSeries(first, { checkPixelData: false });
  const main = series.reads[0]?.instance.file ?? file;
  return { main, format: 'dicom' };
}
