import path from 'node:path';
import { ByteReader } from '../byte-reader.js';
import { checkMiraxIndex, type IndexProblem } from '../mirax-index.js';
import {
  imageSignature,
  pictureValues,
  readMiraxFiles,
  readPictureRecord,
  textValues,
  type MiraxFiles,
  type MiraxPicture,
} from '../mirax-pictures.js';
import type { IniValue } from '../mirax-ini-bytes.js';
import type { SlideMember } from '../types.js';
import type { BytePatch, DeidOutcome, MemberPlan } from './plan.js';
import { mergePatches, overlapsAny, type Range } from './ranges.js';

/** The macro is the photograph of the whole glass: the label is on it. The thumbnail shows the scanned area only. */
const REMOVED: readonly MiraxPicture[] = ['label', 'macro'];

/**
 * [GENERAL] values that name the slide, its case or project, or say when it was scanned. SLIDE_ID stays: it is a
 * random identifier Index.dat must repeat, and readers refuse a slide without it.
 */
const IDENTIFYING_GENERAL: ReadonlySet<string> = new Set([
  'SLIDE_NAME',
  'PROJECT_NAME',
  'SLIDE_CREATIONDATETIME',
  'SLIDE_UTC_CREATIONDATETIME',
  'SLIDE_BARCODE',
  'SLIDE_LABEL',
  'SLIDE_DESCRIPTION',
  'SLIDE_COMMENT',
  'SLIDE_CREATOR',
  'OPERATOR',
  'PATIENT_ID',
  'PATIENT_NAME',
  'CASE_ID',
  'ACCESSION_NUMBER',
]);

const SPACE = 0x20;

/**
 * The plan of a MIRAX slide: every file of the set is sent (same entries, same order as without
 * de-identification), with same-length patches:
 *  - the label and macro pictures wiped (zeroed) in their data file;
 *  - in Slidedat.ini their value names renamed in place ("ScanDataLayer_SlideBarcode" →
 *    "ScanDataLayer_WipedBarcode"), so readers (OpenSlide) no longer find a label or macro to list, while record
 *    numbers, Index.dat and the pyramid stay exactly as they were;
 *  - identifying [GENERAL] values blanked to spaces (keys stay, so the file parses as before);
 *  - the data of XML records ("ScanDataLayer_XMLInfoHeader", "ProfileXML", …: scan settings that may name the
 *    operator or the case) zeroed in their data file, names kept: OpenSlide reads none of them;
 *  - a picture in the .mrxs itself (scanners write a preview of the glass there) wiped.
 * Anything it does not understand (no "Scan data layer", a record that is not one picture inside its data file,
 * a picture sharing bytes with anything else) refuses the slide, naming the file and why.
 */
export async function planMirax(
  slideName: string,
  members: readonly SlideMember[],
  zipLength: (members: readonly SlideMember[]) => Promise<number>,
): Promise<DeidOutcome> {
  const refuse = (why: string): DeidOutcome => ({
    ok: false,
    reason: `${slideName} was not uploaded: de-identification is on, and ${why}. Upload it with de-identification off only if it may carry its label.`,
  });
  const read = await readMiraxFiles(members);
  if (!read.ok) return refuse(`the layout of this MIRAX slide could not be read (${read.problem})`);
  const files = read.value;
  const slidedatName = path.basename(files.slidedat.path);
  const twice = writtenTwice(files.values);
  if (twice)
    return refuse(
      `its ${slidedatName} gives ${twice} twice, so which of the two a slide reader takes cannot be told`,
    );
  const values = pictureValues(files.values);
  if (!values)
    return refuse(
      `its ${slidedatName} lists no "Scan data layer", so where this MIRAX slide keeps its label cannot be told`,
    );
  const targets = values
    .filter((value) => REMOVED.includes(value.picture))
    .sort((a, b) => REMOVED.indexOf(a.picture) - REMOVED.indexOf(b.picture));

  const patches = new Map<string, BytePatch[]>();
  const add = (member: SlideMember, patch: BytePatch) =>
    patches.set(member.path, [...(patches.get(member.path) ?? []), patch]);
  const removed: string[] = [];
  const texts = textValues(files.values);
  const others = await otherRanges(
    files,
    new Set([...targets.map((target) => target.record), ...texts.map((text) => text.record)]),
  );
  if (typeof others === 'string') return refuse(others);

  for (const target of targets) {
    const record = await readPictureRecord(files, target.record);
    if (!record.ok) return refuse(`the ${target.picture} image cannot be located: ${record.problem}`);
    const { fileNumber, offset, length } = record.value;
    const dataFile = files.dataFiles[fileNumber]!;
    const dataName = path.basename(dataFile.path);
    if (overlapsAny([{ offset, length }], others.get(fileNumber) ?? []))
      return refuse(
        `its ${target.picture} image in ${dataName} shares bytes with other parts of the slide, so wiping it could damage the slide`,
      );
    if (!imageSignature(await readHead(dataFile, offset)))
      return refuse(
        `what ${path.basename(files.index.path)} gives as its ${target.picture} image (${dataName}, byte ${offset.toLocaleString('en-US')}) is not a JPEG, PNG or BMP picture, so what it holds cannot be told`,
      );
    add(dataFile, { offset, length });
    for (const name of target.names) {
      const renamed = name.value.replace('ScanDataLayer_Slide', 'ScanDataLayer_Wiped');
      add(files.slidedat, { offset: name.offset, length: name.length, bytes: latin1(renamed) });
    }
    if (!removed.includes(`${target.picture} image`)) removed.push(`${target.picture} image`);
  }

  const blanked: string[] = [];
  for (const text of texts) {
    const record = await readPictureRecord(files, text.record);
    if (!record.ok) return refuse(`its ${text.name} record cannot be located: ${record.problem}`);
    const { fileNumber, offset, length } = record.value;
    if (overlapsAny([{ offset, length }], others.get(fileNumber) ?? []))
      return refuse(
        `its ${text.name} record in ${path.basename(files.dataFiles[fileNumber]!.path)} shares bytes with other parts of the slide, so blanking it could damage the slide`,
      );
    add(files.dataFiles[fileNumber]!, { offset, length });
    blanked.push(text.name);
  }
  for (const entry of files.values) {
    if (entry.section !== 'GENERAL' || !IDENTIFYING_GENERAL.has(entry.key)) continue;
    const bytes = files.slidedatBytes.subarray(entry.offset, entry.offset + entry.length);
    if (bytes.every((byte) => byte === SPACE)) continue;
    add(files.slidedat, {
      offset: entry.offset,
      length: entry.length,
      bytes: latin1(' '.repeat(entry.length)),
    });
    blanked.push(entry.key);
  }

  if (files.main.size > 0 && imageSignature(await readHead(files.main, 0))) {
    add(files.main, { offset: 0, length: files.main.size });
    removed.push('slide preview image');
  }

  const planned: MemberPlan[] = [];
  for (const member of members) {
    const merged = mergePatches(patches.get(member.path) ?? []);
    if (!merged)
      return refuse(
        `two changes to ${member.entryName} overlap, so its layout is not one this app understands`,
      );
    planned.push({ ...member, patches: merged });
  }
  return {
    ok: true,
    plan: {
      version: 1,
      size: await zipLength(members),
      mtimeMs: Math.max(0, ...members.map((member) => member.mtimeMs)),
      removed,
      blanked: [...new Set(blanked)],
      patches: [],
      members: planned,
    },
  };
}

/**
 * A key written twice in [GENERAL] or [HIERARCHICAL] (readers differ on which one counts, and a label found by one
 * but renamed by the other would be sent), as "[SECTION] KEY"; undefined when every key is written once.
 */
function writtenTwice(values: readonly IniValue[]): string | undefined {
  const seen = new Set<string>();
  for (const entry of values) {
    if (entry.section !== 'GENERAL' && entry.section !== 'HIERARCHICAL') continue;
    const name = `[${entry.section}] ${entry.key}`;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** Per data file, the ranges of every record but the pictures wiped; or what is wrong with Index.dat. */
async function otherRanges(
  files: MiraxFiles,
  wiped: ReadonlySet<number>,
): Promise<Map<number, Range[]> | string> {
  const ranges = new Map<number, Range[]>();
  const reader = await ByteReader.open(files.index.path, { knownFile: { size: files.index.size } });
  try {
    const problem = await checkMiraxIndex(
      reader,
      { ...files.layout, dataFileSizes: files.dataFiles.map((file) => file.size) },
      (entry) => {
        if (entry.table === 'nonhier' && wiped.has(entry.record)) return;
        const list = ranges.get(entry.fileNumber) ?? [];
        list.push({ offset: entry.offset, length: entry.length });
        ranges.set(entry.fileNumber, list);
      },
    );
    if (problem)
      return `its ${path.basename(files.index.path)} cannot be read as a MIRAX index (${indexTrouble(problem)})`;
    return ranges;
  } finally {
    await reader.close();
  }
}

function indexTrouble(problem: IndexProblem): string {
  switch (problem.kind) {
    case 'damaged':
      return problem.what;
    case 'cut':
      return 'it is cut short';
    case 'wrong-slide':
      return 'it belongs to another scan';
    case 'no-such-file':
      return `a record names data file number ${problem.fileNumber}, which Slidedat.ini does not list`;
    case 'outside':
      return `a record lies outside data file number ${problem.fileNumber}`;
  }
}

async function readHead(member: SlideMember, offset: number): Promise<Buffer> {
  const reader = await ByteReader.open(member.path, { knownFile: { size: member.size } });
  try {
    return Buffer.from(await reader.read(offset, 8));
  } finally {
    await reader.close();
  }
}

const latin1 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
