import path from 'node:path';
import type { JobMetadata, JobView, UploadMode } from '../../src-shared/engine/index.js';
import type { NewJob } from './db/jobs-repo.js';
import { classifyFailure, JobFailure } from './job-failure.js';
import type { JobRow, JobStore } from './job-store.js';
import { MAX_POST_BYTES, tooLargeForPost } from './post-upload.js';
import { sameVersion } from './source-file.js';
import type { SlideFormat, SlideMember } from '../slides/types.js';
import { membersToJson, plannedMembers } from './source/job-members.js';
import { slideZipLength, slideZipName } from './source/slide-zip.js';
import { setVersion, uploadSource } from './source/upload-source.js';
import { deidFingerprint } from './source/patched-reader.js';
import { planDeidentification, planHash, planToJson } from '../slides/deid/index.js';
import type { SourceVersion } from './source-file.js';

export interface AddRequest {
  path: string;
  metadata: JobMetadata;
  /** Upload even if this exact file version, or the same content elsewhere, was uploaded before. */
  force?: boolean;
  /** The watch folder that found it. */
  watchFolderId?: number;
  /** Size and mtime the caller has just confirmed (the watcher's stability check), saving a stat. */
  version?: { size: number; mtimeMs: number };
  /** The content fingerprint of that version, when the caller read the file already (slide QC): saves an open. */
  fingerprint?: string;
  /** The version slide QC passed (size and mtime seen before and after the check); omitted: added unchecked. */
  checked?: { size: number; mtimeMs: number } | undefined;
  /**
   * That check did not decode the pixels (`qcSlide` with `pixels: 'codecs'`): the run decodes them before the job
   * registers, and a slide whose image data is damaged fails there with QC's reason, never uploaded.
   */
  pixelQcOwed?: boolean;
  /**
   * A multi-file slide (MIRAX, VSI, DICOM series), `path` being its main file: uploaded as one ZIP of these
   * members, at the versions slide QC read.
   */
  slideSet?: { format: SlideFormat; members: SlideMember[] } | undefined;
  /**
   * Upload it de-identified: label and macro removed, identifying metadata blanked (slides/deid). A slide whose
   * label cannot be removed safely is refused with the reason.
   */
  deidentify?: boolean;
  /**
   * Added by a watch folder, not by a person. A job of this same file version that a person must act on — failed,
   * paused, or cancelled — is left as it is (`left-for-person`) instead of being queued again: a watch folder's
   * catch-up scan at every start must not retry a refused slide or undo a person's pause or cancel (a slide
   * cancelled because it was for the wrong patient must not go up at the next start).
   */
  automatic?: boolean;
}

export type AddResult =
  /** `added` may be in state `checking`: its content is compared with an earlier job's before it uploads. */
  | { path: string; job: JobView; outcome: 'added' | 'resumed' | 'already-uploaded' }
  /** This file was found before to have the same content as an earlier upload (`job` is that upload). */
  | { path: string; job: JobView; outcome: 'duplicate' }
  /**
   * An automatic add found this version's job failed, paused or cancelled, and left it for a person; `cleared`:
   * that job was cleared from the queue's list since (kept hidden as the memory of the decision).
   */
  | { path: string; job: JobView; outcome: 'left-for-person'; cleared: boolean }
  | { path: string; outcome: 'error'; message: string };

export interface IntakeDeps {
  store: JobStore;
  destination: string;
  /** The upload mode for a file of this size, or undefined while the server cannot be asked. */
  modeIfKnown: (size: number) => Promise<UploadMode | undefined>;
  /** A job waiting to be queued again (failed or paused, same file version added again). */
  requeue: (row: JobRow) => JobRow;
}

/**
 * Queues files, quickly: a stat and a fingerprint of a few blocks each, never a whole-file read. The same file
 * version already in the queue is resumed, not added again; one uploaded before (or found to be a copy of an
 * upload) is reported and skipped unless `force`. A file whose fingerprint matches another job's is added as
 * `checking`, and the queue compares the whole contents in the background (content-check.ts).
 */
export async function addToQueue(deps: IntakeDeps, requests: readonly AddRequest[]): Promise<AddResult[]> {
  const { store } = deps;
  const results: AddResult[] = [];
  // New jobs are written together in one transaction (thousands of files from a catch-up scan), after the
  // checks that need the disk.
  let pending: Array<{ index: number; job: NewJob }> = [];
  const flush = () => {
    const rows = store.add(pending.map(({ job }) => job));
    rows.forEach((row, i) => {
      results[pending[i]!.index] = { path: row.source_path, job: store.view(row), outcome: 'added' };
    });
    pending = [];
  };
  // A file named twice in one batch (or named and found in a named folder) is one job.
  const firstIndex = new Map<string, number>();
  const repeats: Array<{ index: number; of: number }> = [];
  for (const [index, request] of requests.entries()) {
    const absolute = path.resolve(request.path);
    const first = firstIndex.get(absolute);
    if (first !== undefined) {
      repeats.push({ index, of: first });
      continue;
    }
    firstIndex.set(absolute, index);
    try {
      const known = await knownVersion(deps, absolute, request);
      if (known.result) {
        results[index] = known.result;
        continue;
      }
      const fileFingerprint =
        request.version && request.fingerprint
          ? request.fingerprint
          : await uploadSource(absolute, request.slideSet?.members).fingerprint(known.version.size);
      const deid = request.deidentify ? await deidPlanFor(absolute, request, known.version) : undefined;
      // A de-identified DICOM series sends fewer members (no label, no overview): the job records exactly those,
      // and the version QC passed is theirs (they were read at the versions QC read). The queue knows an upload of
      // it by those members: the same series added again is found uploaded (or resumed), not sent twice.
      const sent = deid?.members
        ? await knownVersion(deps, absolute, {
            ...request,
            checked: undefined,
            slideSet: { format: request.slideSet!.format, members: deid.members },
          })
        : undefined;
      if (sent?.result) {
        results[index] = sent.result;
        continue;
      }
      const version = sent?.version ?? known.version;
      const checked =
        deid?.members && request.checked ? { size: version.size, mtimeMs: version.mtimeMs } : request.checked;
      const fingerprint = deid ? deidFingerprint(fileFingerprint, deid.hash) : fileFingerprint;
      // A copy in the same batch must see the first one's row to be compared with it.
      if (pending.some(({ job }) => job.fingerprint === fingerprint)) flush();
      if (version.size > MAX_POST_BYTES && (await deps.modeIfKnown(version.size)) === 'post')
        throw tooLargeForPost(fileNameOf(absolute, request), version.size);
      const collides =
        !request.force &&
        store
          .withFingerprint(fingerprint, version.size, deps.destination, request.metadata.userid)
          .some((row) => row.source_path !== absolute);
      pending.push({
        index,
        job: {
          sourcePath: absolute,
          fileName: fileNameOf(absolute, request),
          size: version.size,
          mtimeMs: version.mtimeMs,
          members: version.members ? membersToJson(version.members) : undefined,
          metadata: request.metadata,
          watchFolderId: request.watchFolderId,
          fingerprint,
          server: deps.destination,
          checked,
          pixelQcOwed: request.pixelQcOwed === true && request.slideSet === undefined,
          deidPlan: deid?.json,
          automatic: request.automatic === true,
          state: collides ? 'checking' : 'queued',
        },
      });
    } catch (error) {
      results[index] = { path: absolute, outcome: 'error', message: classifyFailure(error).error.message };
    }
  }
  flush();
  for (const { index, of } of repeats) results[index] = results[of]!;
  return results;
}

/**
 * The file's version, and what the queue knows of it already: the same version resumed, uploaded, or found to
 * be a copy of an upload (then `result` says so and nothing is added).
 */
async function knownVersion(
  deps: IntakeDeps,
  absolute: string,
  request: AddRequest,
): Promise<{ version: SourceVersion; result?: AddResult }> {
  const { store } = deps;
  const members = request.slideSet?.members;
  // A set is taken at the versions QC read: its ZIP must hold what passed. Any member changed since is caught
  // by the run's version check, which checks the slide again.
  const version = members
    ? await setVersion(members)
    : (request.version ?? (await uploadSource(absolute).stat()));
  if (request.checked && !sameVersion(request.checked, version))
    throw new JobFailure(
      'source-changed',
      `${path.basename(absolute)} changed after it was checked (is the scanner still writing it?). Add it again when it is complete.`,
      false,
    );
  // A job still open for this path takes the file as it is now, whatever version it was queued as: its run
  // sees the change, checks the new version again and starts its bytes over. A second job would upload the
  // same file twice.
  const automatic = request.automatic === true && !request.force;
  const thisVersion = store.findSameSource(
    absolute,
    version.size,
    version.mtimeMs,
    deps.destination,
    request.metadata.userid,
    { includeCancelled: automatic },
  );
  if (
    automatic &&
    (thisVersion?.state === 'failed' ||
      thisVersion?.state === 'paused' ||
      thisVersion?.state === 'cancelled') &&
    // Asked for the other way now (the folder's de-identification changed): that is another upload.
    (thisVersion.deidentify === 1) === (request.deidentify === true)
  )
    return {
      version,
      result: {
        path: absolute,
        job: store.view(thisVersion),
        outcome: 'left-for-person',
        cleared: thisVersion.hidden === 1,
      },
    };
  const existing = thisVersion ?? store.findOpenForPath(absolute, deps.destination, request.metadata.userid);
  if (!existing || request.force) return { version };
  if ((existing.deidentify === 1) !== (request.deidentify === true)) {
    // Uploaded before the other way: this is another upload. Still open the other way: one of the two must go.
    if (existing.state === 'done' || existing.state === 'duplicate' || existing.state === 'cancelled')
      return { version };
    throw new JobFailure(
      'unsupported',
      `${path.basename(absolute)} is already in the queue ${existing.deidentify === 1 ? 'with' : 'without'} de-identification. Cancel that upload first to upload it ${request.deidentify ? 'de-identified' : 'as it is'}.`,
      false,
    );
  }
  if (existing.state === 'duplicate') {
    const original = existing.duplicate_of === null ? undefined : store.get(existing.duplicate_of);
    if (original)
      return { version, result: { path: absolute, job: store.view(original), outcome: 'duplicate' } };
    return { version }; // its original was forgotten: this file is new again
  }
  const revived =
    existing.state === 'failed' || existing.state === 'paused' ? deps.requeue(existing) : existing;
  return {
    version,
    result: {
      path: absolute,
      job: store.view(revived),
      outcome: existing.state === 'done' ? 'already-uploaded' : 'resumed',
    },
  };
}

/** The de-identification plan of exactly the version being queued, or the refusal (thrown) saying why not. */
async function deidPlanFor(
  absolute: string,
  request: AddRequest,
  version: SourceVersion,
): Promise<{ json: string; hash: string; members?: SlideMember[] }> {
  const outcome = await planDeidentification(absolute, request.slideSet?.members, slideZipLength);
  if (!outcome.ok) throw new JobFailure('deid-refused', outcome.reason, false);
  const members = plannedMembers(outcome.plan);
  // A set's plan is made from the members at the versions QC read (the run's version check catches any change).
  if (members) return { json: planToJson(outcome.plan), hash: planHash(outcome.plan), members };
  if (outcome.plan.size !== version.size || outcome.plan.mtimeMs !== version.mtimeMs)
    throw new JobFailure(
      'source-changed',
      `${path.basename(absolute)} changed while its label removal was being planned (is the scanner still writing it?). Add it again when it is complete.`,
      false,
    );
  return { json: planToJson(outcome.plan), hash: planHash(outcome.plan) };
}

/** What the job is called and uploaded as: the file's name, or its slide's ZIP name. */
const fileNameOf = (absolute: string, request: AddRequest): string =>
  request.slideSet ? slideZipName(request.slideSet.format, absolute) : path.basename(absolute);
