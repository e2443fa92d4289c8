import path from 'node:path';
import { inspectSlide } from '../slides/inspect.js';
import { multiFileSlideOf } from '../slides/multi-file.js';
import { planDeidentification, planHash, planToJson } from '../slides/deid/index.js';
import type { SlideMember } from '../slides/types.js';
import { statSource } from '../engine/source-file.js';
import { deidFingerprint } from '../engine/source/patched-reader.js';
import { plannedMembers, plannedSource } from '../engine/source/job-members.js';
import { slideZipLength, slideZipName } from '../engine/source/slide-zip.js';
import { setVersion, uploadSource, type UploadSource } from '../engine/source/upload-source.js';

/**
 * One way a slide on disk could have been uploaded, described as the queue records an upload (path, name,
 * version, members, fingerprint, plan) together with the SHA-256 of exactly the bytes that upload sends.
 */
export interface UploadCandidate {
  /** The file the queue names the upload by: the slide's main file. */
  path: string;
  fileName: string;
  size: number;
  mtimeMs: number;
  /** A multi-file slide: the members sent, in ZIP order. */
  members?: SlideMember[];
  fingerprint: string;
  /** Sent de-identified by this plan (JSON). */
  deidPlan?: string;
  sha256: string;
}

/**
 * The uploads the files in `files` could be, as the queue would have sent them: each slide once — a multi-file
 * slide (MIRAX, VSI, DICOM series) as the ZIP of its members under its main file, not as its loose parts — and
 * for a slide that can be de-identified also that version, since the stored bytes are then the patched ones.
 * Hashing reads every slide whole (twice when it can be de-identified); nothing is written.
 */
export async function uploadCandidates(
  files: readonly string[],
): Promise<{ candidates: UploadCandidate[]; slides: number }> {
  const candidates: UploadCandidate[] = [];
  const seenSlides = new Set<string>();
  for (const file of files) {
    const set = await slideSetOf(file);
    const main = set?.main ?? file;
    if (seenSlides.has(main)) continue;
    seenSlides.add(main);
    candidates.push(...(await candidatesOf(main, set)));
  }
  return { candidates, slides: seenSlides.size };
}

interface SlideSet {
  main: string;
  fileName: string;
  members: SlideMember[];
}

/** The multi-file slide `file` belongs to, with its members as they are now; undefined for a single file. */
async function slideSetOf(file: string): Promise<SlideSet | undefined> {
  const found = await multiFileSlideOf(file);
  if (!found) return undefined;
  const inspection = await inspectSlide(found.main);
  // A set that is not whole now cannot be hashed as it was sent: its files are tried one by one instead.
  if (inspection.kind !== 'slide' || !inspection.members) return undefined;
  return {
    main: found.main,
    fileName: slideZipName(found.format, found.main),
    members: inspection.members,
  };
}

async function candidatesOf(main: string, set: SlideSet | undefined): Promise<UploadCandidate[]> {
  const members = set?.members ?? null;
  const version = members ? await setVersion(members) : await statSource(main);
  const fileName = set?.fileName ?? path.basename(main);
  const source = uploadSource(main, members);
  const fingerprint = await source.fingerprint(version.size);
  const plain: UploadCandidate = {
    path: main,
    fileName,
    size: version.size,
    mtimeMs: version.mtimeMs,
    ...(members ? { members } : {}),
    fingerprint,
    sha256: await source.sha256(),
  };
  const outcome = await planDeidentification(main, members, slideZipLength).catch(() => undefined);
  if (!outcome?.ok) return [plain];
  const { plan } = outcome;
  // A de-identified set may send fewer members (a DICOM series without label and overview): its version is theirs.
  const sent = plannedMembers(plan) ?? members;
  const sentVersion = sent && sent !== members ? await setVersion(sent) : version;
  const deidentified: UploadSource = plannedSource(main, sent, plan);
  return [
    plain,
    {
      path: main,
      fileName,
      size: sentVersion.size,
      mtimeMs: sentVersion.mtimeMs,
      ...(sent ? { members: sent } : {}),
      // As the queue names a de-identified upload: the file's own fingerprint bound to the plan.
      fingerprint: deidFingerprint(fingerprint, planHash(plan)),
      deidPlan: planToJson(plan),
      sha256: await deidentified.sha256(),
    },
  ];
}
