import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ByteReader } from './byte-reader.js';
import { withoutUndefined } from './compact.js';
import { membersOf } from './members.js';
import { checkMiraxIndex, type IndexProblem } from './mirax-index.js';
import { parseIni, readSlidedat, type SlidedatLayout } from './mirax-slidedat.js';
import { bytes, cutShort, damaged } from './reasons.js';
import { findEntry, listFiles, stemOf } from './sibling-paths.js';
import type { InspectOptions, SlideInspection, SlideMember } from './types.js';

/**
 * 3DHISTECH MIRAX: "slide.mrxs" plus a sibling folder "slide/" holding Slidedat.ini (the index of the
 * scan), an index file (Index.dat) and the image data (Data0000.dat …). The .mrxs alone holds no image.
 * QC: every data file Slidedat.ini names is there and non-empty, and every record of Index.dat lies inside
 * the data file it names. The slide's members are the .mrxs and every file of the folder (what the scanner
 * wrote, so the uploaded set is complete even with files we do not interpret).
 */

/** Slidedat.ini is a few KB (openslide refuses more than 1 MiB); anything far larger is not one. */
const MAX_SLIDEDAT = 4 * 1024 * 1024;

export async function miraxFolderOf(mrxs: string): Promise<string | undefined> {
  return findEntry(path.dirname(mrxs), stemOf(mrxs), 'directory');
}

/** For a file inside a MIRAX data folder (Slidedat.ini, Index.dat, Data*.dat): the .mrxs it belongs to. */
export async function miraxMainOf(file: string): Promise<string | undefined> {
  const folder = path.dirname(file);
  if (!(await findEntry(folder, 'Slidedat.ini', 'file'))) return undefined;
  return findEntry(path.dirname(folder), `${path.basename(folder)}.mrxs`, 'file');
}

export async function inspectMirax(mrxs: string, options: InspectOptions = {}): Promise<SlideInspection> {
  const name = path.basename(mrxs);
  const stem = stemOf(mrxs);
  const incomplete = (reason: string): SlideInspection => ({ kind: 'incomplete', format: 'mirax', reason });
  const folder = await miraxFolderOf(mrxs);
  if (!folder) {
    return incomplete(
      `${name} is only the index of a MIRAX slide: the folder "${stem}" that holds the image data is missing; copy the .mrxs together with its folder (both side by side).`,
    );
  }
  const slidedat = await findEntry(folder, 'Slidedat.ini', 'file');
  if (!slidedat) {
    return incomplete(
      `The MIRAX slide ${name} is incomplete: its folder "${stem}" has no Slidedat.ini. Copy the .mrxs and its whole folder again from the scanner.`,
    );
  }
  const text = await readSmallText(slidedat);
  if (text === undefined)
    return incomplete(damaged(name, 'mirax', 'its Slidedat.ini is far larger than any scanner writes'));
  const read = readSlidedat(parseIni(text));
  if ('problem' in read) return incomplete(damaged(name, 'mirax', read.problem));
  const layout = read.layout;

  // One listing of the folder, looked up ignoring case (Windows shares keep the scanner's spelling).
  const folderFiles = await listFiles(folder, 0);
  const byName = new Map(folderFiles.map((file) => [path.basename(file).toLowerCase(), file]));
  options.signal?.throwIfAborted();
  const members = await membersOf(mrxs, [mrxs, ...folderFiles]);
  const byPath = new Map(members.map((member) => [member.path, member]));
  const memberOf = (listed: string): SlideMember | undefined => {
    const file = byName.get(listed.toLowerCase());
    return file === undefined ? undefined : byPath.get(path.resolve(file));
  };

  const missing: string[] = [];
  const empty: string[] = [];
  for (const listed of [layout.indexFile, ...layout.dataFiles]) {
    const member = memberOf(listed);
    if (!member) missing.push(listed);
    else if (member.size === 0) empty.push(listed);
  }
  if (missing.length > 0 || empty.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`${listFew(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`] : []),
      ...(empty.length > 0 ? [`${listFew(empty)} ${empty.length === 1 ? 'is' : 'are'} empty`] : []),
    ];
    return incomplete(
      `The MIRAX slide ${name} is incomplete: in its folder "${stem}", ${problems.join(' and ')}. The copy is incomplete — copy the .mrxs and its whole folder again from the scanner.`,
    );
  }

  const index = memberOf(layout.indexFile) as SlideMember;
  const dataSizes = layout.dataFiles.map((file) => (memberOf(file) as SlideMember).size);
  const problem = await checkIndex(index, layout, dataSizes, options);
  if (problem) return incomplete(describe(problem, { name, stem, layout, dataSizes, index }));

  return {
    kind: 'slide',
    format: 'mirax',
    files: members.map((member) => member.path),
    members,
    warnings: [],
    metadata: withoutUndefined({
      vendor: '3DHISTECH',
      magnification: layout.magnification,
      properties: { 'mirax.SLIDE_ID': layout.slideId },
    }),
  };
}

async function checkIndex(
  index: SlideMember,
  layout: SlidedatLayout,
  dataFileSizes: readonly number[],
  options: InspectOptions,
): Promise<IndexProblem | undefined> {
  // The size QC saw is the size checked (and uploaded): a file still growing is caught by the upload.
  const reader = await ByteReader.open(index.path, { ...options, knownFile: { size: index.size } });
  try {
    return await checkMiraxIndex(reader, { ...layout, dataFileSizes });
  } finally {
    await reader.close();
  }
}

function describe(
  problem: IndexProblem,
  slide: {
    name: string;
    stem: string;
    layout: SlidedatLayout;
    dataSizes: readonly number[];
    index: SlideMember;
  },
): string {
  const { name, stem, layout } = slide;
  const indexName = path.basename(slide.index.path);
  const inFolder = (file: string) => ` (${file} is in the folder "${stem}" of the MIRAX slide ${name}.)`;
  switch (problem.kind) {
    case 'cut':
      return `${cutShort(indexName, problem.neededEnd, slide.index.size, true)}${inFolder(indexName)}`;
    case 'damaged':
      return damaged(name, 'mirax', problem.what);
    case 'wrong-slide':
      return `The MIRAX slide ${name} is mixed up with another scan: ${indexName} in its folder "${stem}" belongs to a different slide (its slide ID is not ${layout.slideId}, the one Slidedat.ini gives). Copy the .mrxs and its whole folder again from the scanner, keeping each slide's folder next to its own .mrxs.`;
    case 'no-such-file':
      return damaged(
        name,
        'mirax',
        `its index file (${indexName}) points to data file number ${bytes(problem.fileNumber)}, but Slidedat.ini lists only ${layout.dataFiles.length}`,
      );
    case 'outside': {
      const file = layout.dataFiles[problem.fileNumber] ?? `data file ${problem.fileNumber}`;
      const size = slide.dataSizes[problem.fileNumber] ?? 0;
      return `${cutShort(file, problem.neededEnd, size, true)}${inFolder(file)}`;
    }
  }
}

const listFew = (names: readonly string[]) =>
  names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${(names.length - 3).toLocaleString('en-US')} more`;

/** The text of Slidedat.ini, or undefined when it is too large to be one. */
async function readSmallText(file: string): Promise<string | undefined> {
  if ((await stat(file)).size > MAX_SLIDEDAT) return undefined;
  return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
}
