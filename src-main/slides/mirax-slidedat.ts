/**
 * What a MIRAX Slidedat.ini says about the files of the slide, with the limits a hostile or corrupt
 * Slidedat.ini must not push us past (see openslide's MIRAX notes: [GENERAL] SLIDE_ID, [HIERARCHICAL]
 * INDEXFILE / HIER_COUNT / HIER_n_COUNT / NONHIER_COUNT / NONHIER_n_COUNT, [DATAFILE] FILE_COUNT / FILE_n).
 */

/** Real scanners write tens to a few hundred data files; far more is a corrupt or hostile Slidedat.ini. */
export const MAX_DATA_FILES = 10_000;
/** Index.dat records (layers × values); each costs a pointer read, so the count must stay plausible. */
export const MAX_INDEX_RECORDS = 100_000;

export interface SlidedatLayout {
  slideId: string;
  /** The index file's name, as written (usually "Index.dat"). */
  indexFile: string;
  /** FILE_0 … FILE_{n-1}: Index.dat records name data files by this number. */
  dataFiles: string[];
  /** Records in Index.dat's hierarchical table (the sum of HIER_n_COUNT). */
  hierRecords: number;
  /** Records in its non-hierarchical table (the sum of NONHIER_n_COUNT). */
  nonHierRecords: number;
  magnification?: number;
}

export type Ini = Map<string, Map<string, string>>;

/** The layout, or what is wrong with the Slidedat.ini in technician words (for `damaged`). */
export function readSlidedat(ini: Ini): { layout: SlidedatLayout } | { problem: string } {
  const general = ini.get('GENERAL');
  const hierarchical = ini.get('HIERARCHICAL');
  const datafile = ini.get('DATAFILE');
  const slideId = general?.get('SLIDE_ID');
  if (!slideId) return { problem: 'its Slidedat.ini does not give the slide ID' };

  const fileCount = count(datafile?.get('FILE_COUNT'), MAX_DATA_FILES);
  if (fileCount === 'absent' || fileCount === 0)
    return { problem: 'its Slidedat.ini does not list the image data files' };
  if (fileCount === 'too-many') {
    return {
      problem: `its Slidedat.ini lists an implausible number of data files (${datafile?.get('FILE_COUNT') ?? ''})`,
    };
  }
  const dataFiles: string[] = [];
  for (let index = 0; index < fileCount; index += 1) {
    const name = datafile?.get(`FILE_${index}`);
    if (!name) return { problem: `its Slidedat.ini does not name data file ${index}` };
    dataFiles.push(name);
  }

  const hierRecords = recordCount(hierarchical, 'HIER');
  if (typeof hierRecords === 'string') return { problem: hierRecords };
  const nonHierRecords = recordCount(hierarchical, 'NONHIER');
  if (typeof nonHierRecords === 'string') return { problem: nonHierRecords };
  if (hierRecords === 0) return { problem: 'its Slidedat.ini lists no image layers' };

  const magnification = Number(general?.get('OBJECTIVE_MAGNIFICATION'));
  return {
    layout: {
      slideId,
      indexFile: hierarchical?.get('INDEXFILE') || 'Index.dat',
      dataFiles,
      hierRecords,
      nonHierRecords,
      ...(magnification > 0 ? { magnification } : {}),
    },
  };
}

/** HIER_COUNT layers of HIER_n_COUNT values each: one Index.dat record per value. */
function recordCount(section: Map<string, string> | undefined, prefix: 'HIER' | 'NONHIER'): number | string {
  const layers = count(section?.get(`${prefix}_COUNT`), MAX_INDEX_RECORDS);
  if (layers === 'absent')
    return `its Slidedat.ini does not say how many ${prefix === 'HIER' ? 'image' : 'extra'} layers it has`;
  if (layers === 'too-many') return 'its Slidedat.ini lists an implausible number of layers';
  let total = 0;
  for (let layer = 0; layer < layers; layer += 1) {
    const values = count(section?.get(`${prefix}_${layer}_COUNT`), MAX_INDEX_RECORDS);
    if (values === 'absent') return `its Slidedat.ini does not say how large layer ${layer} is`;
    if (values === 'too-many') return 'its Slidedat.ini lists an implausible number of layers';
    total += values;
    if (total > MAX_INDEX_RECORDS) return 'its Slidedat.ini lists an implausible number of layers';
  }
  return total;
}

/** A non-negative integer no larger than `max`. */
function count(value: string | undefined, max: number): number | 'absent' | 'too-many' {
  if (value === undefined || !/^\d+$/.test(value)) return 'absent';
  const number = Number(value);
  return number > max ? 'too-many' : number;
}

/** INI sections → key → value; section and key names as written, values trimmed. */
export function parseIni(text: string): Ini {
  const sections: Ini = new Map();
  let current = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section?.[1]) {
      current = sections.get(section[1]) ?? new Map();
      sections.set(section[1], current);
      continue;
    }
    const at = line.indexOf('=');
    if (at > 0) current.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return sections;
}
