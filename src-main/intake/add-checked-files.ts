import path from 'node:path';
import type { AddRequest, AddResult, UploadEngine } from '../engine/engine.js';
import type { SlideInspection } from '../slides/index.js';
import { sameVersion, statSource } from '../engine/source-file.js';
import { setVersion, uploadSource } from '../engine/source/upload-source.js';

export type CheckedAddResult =
  | AddResult
  /** Refused by slide QC before any byte was uploaded. */
  | { path: string; outcome: 'rejected'; message: string; inspection: SlideInspection };

export interface IntakeOptions {
  inspect: (path: string) => Promise<SlideInspection>;
  /** Skip slide QC (upload any file as it is). */
  skipChecks?: boolean;
}

/**
 * The one way files enter the queue from a person (drag and drop, the CLI's `upload`): each is checked as a
 * slide first — a truncated copy or a non-slide is refused with its reason; a multi-file slide is queued once, by
 * its main file, as one ZIP of its members — and only the slides that pass are added. Watch folders run the same
 * checks in their own pipeline.
 */
export async function addCheckedFiles(
  engine: UploadEngine,
  requests: readonly AddRequest[],
  options: IntakeOptions,
): Promise<CheckedAddResult[]> {
  const results: CheckedAddResult[] = [];
  const accepted: AddRequest[] = [];
  /** The path each accepted request was named by. */
  const named: string[] = [];
  /**
   * Each file of a multi-file slide checked in this batch, with that check: a DICOM series' other instances (or a
   * MIRAX folder's data files) named in the same batch reuse it instead of checking the whole slide once per file.
   */
  const checkedSets = new Map<string, SlideInspection>();
  for (const request of requests) {
    if (options.skipChecks) {
      named.push(path.resolve(request.path));
      accepted.push(request);
      continue;
    }
    // The version QC saw: stat before and after, so a file still being written is not queued as checked.
    const before = await statSource(request.path).catch(() => undefined);
    const inspection = checkedSets.get(path.resolve(request.path)) ?? (await options.inspect(request.path));
    if (inspection.kind === 'slide' && inspection.members) {
      for (const member of inspection.members) checkedSets.set(path.resolve(member.path), inspection);
      // A multi-file slide, whichever of its files was named: queued once, by its main file, as the versions QC
      // read — if they still hold now.
      const main = inspection.files[0] ?? request.path;
      const read = await setVersion(inspection.members);
      const now = await uploadSource(main, inspection.members)
        .stat()
        .catch(() => undefined);
      if (now && sameVersion(read, now)) {
        const { version: _unused, fingerprint: _none, ...rest } = request;
        named.push(path.resolve(request.path));
        accepted.push({
          ...rest,
          path: main,
          checked: read,
          slideSet: { format: inspection.format, members: inspection.members },
        });
        continue;
      }
    }
    const after = before && (await statSource(request.path).catch(() => undefined));
    if (inspection.kind === 'slide' && !inspection.members && before && after && sameVersion(before, after)) {
      named.push(path.resolve(request.path));
      accepted.push({ ...request, version: after, checked: after });
    } else if (inspection.kind === 'slide')
      results.push({
        path: path.resolve(request.path),
        outcome: 'error',
        message: `${path.basename(request.path)} changed while it was being checked (is it still being written?). Add it again when it is complete.`,
      });
    else
      results.push({
        path: path.resolve(request.path),
        outcome: 'rejected',
        message: inspection.reason,
        inspection,
      });
  }
  // Results name the file the caller named, also when it stood for its multi-file slide's main file.
  const added = await engine.add(accepted);
  return [...results, ...added.map((result, index) => ({ ...result, path: named[index]! }))];
}
