import path from 'node:path';
import { ByteReader, readUInt64 } from './byte-reader.js';
import { membersOf } from './members.js';
import { cutShort, damaged } from './reasons.js';
import { findEntry, listFiles, stemOf } from './sibling-paths.js';
import { analyseTiff } from './tiff/inspect-tiff.js';
import type { InspectOptions, SlideInspection } from './types.js';

/**
 * Olympus/Evident VSI: "slide.vsi" (a small TIFF with overview and metadata) plus a folder "_slide_" with
 * "stackN/frame_t*.ets" files holding the scan. Each .ets has a header pointing at a table of its tiles;
 * we check the table and every tile it lists end inside the file.
 */

const ETS_HEADER = 64;
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
  const overview = await analyseTiff(reader);
  if (!overview.ok) return { ...overview.inspection, format: 'olympus-vsi' };

  const folderName = `_${stemOf(reader.file)}_`;
  const folder = await vsiFolderOf(reader.file);
  if (!folder) {
    return {
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: `${name} is only the overview of an Olympus VSI slide: the folder "${folderName}" that holds the image data is missing; copy the .vsi together with its folder (both side by side).`,
    };
  }
  const parts = await listFiles(folder, FOLDER_DEPTH);
  const etsFiles = parts.filter((file) => path.extname(file).toLowerCase() === '.ets');
  if (etsFiles.length === 0) {
    return {
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: `The Olympus VSI slide ${name} is incomplete: its folder "${folderName}" holds no image data (.ets) files. Copy the .vsi and its whole folder again from the scanner.`,
    };
  }
  for (const ets of etsFiles) {
    const problem = await checkEts(ets, options);
    if (problem) {
      return {
        kind: 'incomplete',
        format: 'olympus-vsi',
        reason: `${problem} (${path.basename(ets)} is part of the VSI slide ${name}.)`,
      };
    }
  }
  const members = await membersOf(reader.file, [reader.file, ...etsFiles]);
  return {
    kind: 'slide',
    format: 'olympus-vsi',
    files: members.map((member) => member.path),
    members,
    warnings: [],
    metadata: { vendor: 'Olympus' },
  };
}

/** The ETS "SIS" header, its used-chunk table, and the tiles the table lists must all lie inside the file. */
async function checkEts(file: string, options: InspectOptions): Promise<string | undefined> {
  const reader = await ByteReader.open(file, options);
  try {
    const name = reader.name;
    const header = await reader.read(0, ETS_HEADER);
    if (header.length < ETS_HEADER) return cutShort(name, ETS_HEADER, reader.size, true);
    if (header.toString('latin1', 0, 3) !== 'SIS')
      return damaged(name, 'olympus-vsi', 'it does not start like Olympus image data');
    const dimensions = header.readUInt32LE(12);
    const chunkTable = readUInt64(header, 32, true);
    const chunkCount = header.readUInt32LE(40);
    if (dimensions < 1 || dimensions > 32) return damaged(name, 'olympus-vsi', 'its header is unreadable');
    // Each record: int32, int32 × dimensions, int64 offset, int32 size, int32.
    const recordSize = 20 + 4 * dimensions;
    const tableEnd = chunkTable + chunkCount * recordSize;
    if (tableEnd > reader.size) return cutShort(name, tableEnd, reader.size, true);
    const table = await reader.read(chunkTable, chunkCount * recordSize);
    let neededEnd = 0;
    for (let index = 0; index < chunkCount; index += 1) {
      const at = index * recordSize + 4 + 4 * dimensions;
      const end = readUInt64(table, at, true) + table.readUInt32LE(at + 8);
      neededEnd = Math.max(neededEnd, end);
    }
    return neededEnd > reader.size ? cutShort(name, neededEnd, reader.size, false) : undefined;
  } finally {
    await reader.close();
  }
}
