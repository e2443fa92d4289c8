import { formatBytes } from '../../../src-shared/units/index.js';
import type { ImagePatch, ImageRow } from '../db/images-repo.js';
import type { S3Store } from '../s3/index.js';
import { StoreObjectReader } from './object-reader.js';
import { archiveKindOf, checkSlideSet } from './slide-set.js';
import { checkZipEntries, ZipProblem, type ZipMember } from './zip-entries.js';

/** What the pipeline records after checking an upload, and whether processing goes on. */
export interface CheckOutcome {
  passed: boolean;
  logs: Array<{ type: string; message: string }>;
  patch?: ImagePatch;
}

/** A check the pipeline runs on an uploaded object before its first step (see pipeline.ts). */
export interface UploadCheck {
  applies(row: ImageRow): boolean;
  run(row: ImageRow, signal: AbortSignal): Promise<CheckOutcome>;
}

/** What a refused upload looks like in the image: its bytes arrived but no step of the pipeline can read them. */
export const REFUSED_PATCH: ImagePatch = { status: 'Upload Failed', tiling_status: 'Failed' };
const LOG_TYPE = 'Upload';
/** A DICOM series can have thousands of files; the log line names this many and counts the rest. */
const LISTED_MEMBERS = 200;

/**
 * Multi-file slides (MIRAX, VSI, DICOM series) arrive as one ZIP named `<slide>.mrxs.zip` etc. Before the
 * pipeline treats such an image as a slide, the stored object is read through once (in place, streaming) and
 * must be a sound ZIP whose members form that kind of slide.
 */
export function slideArchiveCheck(store: S3Store): UploadCheck {
  return {
    applies: (row) => archiveKindOf(row.filename) !== undefined,
    run: (row, signal) => checkArchive(store, row, signal),
  };
}

async function checkArchive(store: S3Store, row: ImageRow, signal: AbortSignal): Promise<CheckOutcome> {
  const kind = archiveKindOf(row.filename);
  if (kind === undefined || kind === 'unknown') {
    return refused(
      `${row.filename} is not a slide archive the service reads: a ZIP upload must be named <slide>.mrxs.zip, <slide>.vsi.zip or <folder>.dcm.zip`,
    );
  }
  const head = await store.headObject(row.image_unique_id);
  if (!head) return refused('no file is stored for this image');
  let members: ZipMember[];
  try {
    members = await checkZipEntries(
      new StoreObjectReader(store, row.image_unique_id, head.size, signal),
      head.size,
      signal,
    );
  } catch (error) {
    if (error instanceof ZipProblem) return refused(error.message);
    if (signal.aborted) throw error;
    return refused(
      `the stored object could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const problem = checkSlideSet(kind, members);
  if (problem) return refused(new ZipProblem(problem.member, problem.reason).message);
  const total = members.reduce((sum, member) => sum + member.size, 0);
  return {
    passed: true,
    logs: [
      { type: LOG_TYPE, message: `ZIP checked: ${members.length} members, ${formatBytes(total)}` },
      { type: LOG_TYPE, message: `ZIP members: ${listMembers(members)}` },
    ],
  };
}

const refused = (reason: string): CheckOutcome => ({
  passed: false,
  logs: [{ type: LOG_TYPE, message: `ZIP check failed: ${reason}` }],
  patch: REFUSED_PATCH,
});

function listMembers(members: readonly ZipMember[]): string {
  const listed = members.slice(0, LISTED_MEMBERS).map((m) => `${m.name} (${formatBytes(m.size)})`);
  const rest = members.length - listed.length;
  return rest > 0 ? `${listed.join(', ')} … and ${rest} more` : listed.join(', ');
}
