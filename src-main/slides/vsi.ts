import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ByteReader } from './byte-reader.js';
import { checkEts } from './ets.js';
import { membersOf } from './members.js';
import { findEntry, listFiles, stemOf } from './sibling-paths.js';
import { analyseTiff } from './tiff/inspect-tiff.js';
import type { InspectOptions, SlideInspection } from './types.js';

/**
 * Olympus/Evident VSI: "slide.vsi" (a small TIFF with overview and metadata) plus a folder "_slide_" with
 * "stackN/frame_t*.ets" files holding the scan. Each .ets has a header pointing at a table of its tiles;
 * we check the table and every tile it lists end inside the file (see ets.ts). The slide's members are the
 * .vsi and every file of its folder, so the uploaded set is what the scanner wrote.
 */

/** A folder deeper than _slide_/stackN/ is not something cellSens writes. */
const FOLDER_DEPTH = 2;

export async function vsiFolderOf(vsi: string): Promise<string | undefined> {
  return findEntry(path.dirname(vsi), `_${stemOf(vsi)}_`, 'directory');
}

/** For a file inside a "_name_" folder (at any depth up to stackN/): the "name.vsi" next to that folder. */
export async function vsiMainOf(file: string): Promise<string | undefined> {
  let folder = path.dirname(file);
  for (let depth = 0; depth <= FOLDER_DEPTH; depth += 1) {
    const match = /^_(.+)_$/.exec(path.basename(folder));
    if (match?.[1]) return findEntry(path.dirname(folder), `${match[1]}.vsi`, 'file');
    folder = path.dirname(folder);
  }
  return undefined;
}

export async function inspectVsi(reader: ByteReader, options: InspectOptions): Promise<SlideInspection> {
  const name = reader.name;
  const incomplete = (reason: string): SlideInspection => ({
    kind: 'incomplete',
    format: 'olympus-vsi',
    reason,
  });
  const overview = await analyseTiff(reader);
  if (!overview.ok) return { ...overview.inspection, format: 'olympus-vsi' };

  const folderName = `_${stemOf(reader.file)}_`;
  const folder = await vsiFolderOf(reader.file);
  if (!folder) {
    return incomplete(
      `${name} is only the overview of an Olympus VSI slide: the folder "${folderName}" that holds the image data is missing; copy the .vsi together with its folder (both side by side).`,
    );
  }
  const parts = await listFiles(folder, FOLDER_DEPTH);
  const etsFiles = parts.filter(isEts);
  if (etsFiles.length === 0) {
    return incomplete(
      `The Olympus VSI slide ${name} is incomplete: its folder "${folderName}" holds no image data (.ets) files. Copy the .vsi and its whole folder again from the scanner.`,
    );
  }
  // cellSens writes one frame_t.ets per stack folder: an empty stack folder is a copy that stopped early.
  const emptyStack = (await stackFolders(folder)).find(
    (stack) => !etsFiles.some((ets) => path.dirname(ets) === stack),
  );
  if (emptyStack) {
    const stack = `${folderName}/${path.basename(emptyStack)}`;
    return incomplete(
      `The Olympus VSI slide ${name} is incomplete: its folder "${stack}" holds no image data (.ets) file. Copy the .vsi and its whole folder again from the scanner.`,
    );
  }
  for (const ets of etsFiles) {
    options.signal?.throwIfAborted();
    const problem = await checkEts(ets, options);
    if (problem) {
      const entry = path.relative(path.dirname(folder), ets).split(path.sep).join('/');
      return incomplete(`${problem} (${entry} is part of the VSI slide ${name}.)`);
    }
  }
  const members = await membersOf(reader.file, [reader.file, ...parts]);
  return {
    kind: 'slide',
    format: 'olympus-vsi',
    files: members.map((member) => member.path),
    members,
    warnings: [],
    metadata: { vendor: 'Olympus' },
  };
}

const isEts = (file: string) => path.extname(file).toLowerCase() === '.ets';

/** The "stackNNNNN" folders directly inside the slide folder. */
async function stackFolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && /^stack\d+$/i.test(entry.name))
    .map((entry) => path.join(folder, entry.name));
}
