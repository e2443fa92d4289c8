import type { ZipMember } from './zip-entries.js';

export type SlideArchiveKind = 'mirax' | 'vsi' | 'dicom';

const SUFFIXES: ReadonlyArray<[string, SlideArchiveKind]> = [
  ['.mrxs.zip', 'mirax'],
  ['.vsi.zip', 'vsi'],
  ['.dcm.zip', 'dicom'],
];

/** What a ZIP upload claims to hold, by its image's file name; undefined for a name that is not a ZIP. */
export function archiveKindOf(filename: string): SlideArchiveKind | 'unknown' | undefined {
  const lower = filename.toLowerCase();
  if (!lower.endsWith('.zip')) return undefined;
  return SUFFIXES.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? 'unknown';
}

/** A fault in the set of members; `member` names the one at fault when one is. */
export interface SetProblem {
  member?: string;
  reason: string;
}

const lower = (name: string) => name.toLowerCase();
const topLevel = (members: readonly ZipMember[], extension: string) =>
  members.filter((m) => !m.name.includes('/') && lower(m.name).endsWith(extension));
const stem = (name: string) => name.slice(0, name.lastIndexOf('.'));
/** Scanners write on Windows, where names are case-insensitive: folder and file names are compared that way. */
const inFolder = (member: ZipMember, folder: string) => lower(member.name).startsWith(`${lower(folder)}/`);

/**
 * Whether the members form one slide of `kind`, with the layout the scanner writes relative to the main file's
 * folder (the same rules the uploader applies before it builds the ZIP). Returns the first problem, if any.
 */
export function checkSlideSet(kind: SlideArchiveKind, members: readonly ZipMember[]): SetProblem | undefined {
  if (kind === 'dicom') {
    return members.some((m) => lower(m.name).endsWith('.dcm'))
      ? undefined
      : { reason: 'a .dcm.zip must hold at least one .dcm file, and this one holds none' };
  }
  const extension = kind === 'mirax' ? '.mrxs' : '.vsi';
  const mains = topLevel(members, extension);
  if (mains.length !== 1) {
    return {
      reason: `a ${extension}.zip must hold exactly one ${extension} file at its top level, and this one holds ${mains.length}${mains.length > 1 ? ` (${mains.map((m) => m.name).join(', ')})` : ''}`,
    };
  }
  const main = mains[0]!;
  if (kind === 'mirax') {
    const folder = stem(main.name);
    const hasIndex = members.some((m) => lower(m.name) === lower(`${folder}/Slidedat.ini`));
    return hasIndex
      ? undefined
      : {
          member: main.name,
          reason: `its folder "${folder}/" has no Slidedat.ini (the index of the scan), so the slide cannot be read`,
        };
  }
  const folder = `_${stem(main.name)}_`;
  const hasData = members.some((m) => inFolder(m, folder) && lower(m.name).endsWith('.ets'));
  return hasData
    ? undefined
    : {
        member: main.name,
        reason: `its folder "${folder}/" holds no image data (.ets) file, so the slide cannot be read`,
      };
}
