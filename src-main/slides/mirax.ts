import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { withoutUndefined } from './compact.js';
import { membersOf } from './members.js';
import { damaged } from './reasons.js';
import { findEntry, stemOf } from './sibling-paths.js';
import type { SlideInspection } from './types.js';

/**
 * 3DHISTECH MIRAX: "slide.mrxs" plus a sibling folder "slide/" holding Slidedat.ini (the index of the
 * scan), an index file (Index.dat) and the image data (Data0000.dat …). The .mrxs alone holds no image.
 */

/** Slidedat.ini is a few KB; anything far larger is not one. */
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

export async function inspectMirax(mrxs: string): Promise<SlideInspection> {
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
  const ini = parseIni(await readSmallText(slidedat));
  const dataSection = ini.get('DATAFILE');
  const fileCount = Number(dataSection?.get('FILE_COUNT'));
  if (!Number.isInteger(fileCount) || fileCount < 1) {
    return incomplete(damaged(name, 'mirax', 'its Slidedat.ini does not list the image data files'));
  }
  const listed = [ini.get('HIERARCHICAL')?.get('INDEXFILE') ?? 'Index.dat'];
  for (let index = 0; index < fileCount; index += 1) {
    const dataFile = dataSection?.get(`FILE_${index}`);
    if (!dataFile)
      return incomplete(damaged(name, 'mirax', `its Slidedat.ini does not name data file ${index}`));
    listed.push(dataFile);
  }

  const files = [mrxs, slidedat];
  const missing: string[] = [];
  const empty: string[] = [];
  for (const part of listed) {
    const found = await findEntry(folder, part, 'file');
    if (!found) missing.push(part);
    else if ((await stat(found)).size === 0) empty.push(part);
    else files.push(found);
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
  const general = ini.get('GENERAL');
  const magnification = Number(general?.get('OBJECTIVE_MAGNIFICATION'));
  const members = await membersOf(mrxs, files);
  return {
    kind: 'slide',
    format: 'mirax',
    files: members.map((member) => member.path),
    members,
    warnings: [],
    metadata: withoutUndefined({
      vendor: '3DHISTECH',
      magnification: magnification > 0 ? magnification : undefined,
      properties: withoutUndefined({ 'mirax.SLIDE_ID': general?.get('SLIDE_ID') }) as Record<string, string>,
    }),
  };
}

const listFew = (names: readonly string[]) =>
  names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;

async function readSmallText(file: string): Promise<string> {
  if ((await stat(file)).size > MAX_SLIDEDAT) return '';
  return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
}

/** INI sections → key → value; section and key names as written, values trimmed. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
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
