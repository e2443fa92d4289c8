import path from 'node:path';
import type { AddRequest, AddResult, UploadEngine } from '../engine/engine.js';
import type { SlideInspection } from '../slides/index.js';
import { sameVersion, statSource } from '../engine/source-file.js';

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
 * slide first — a truncated copy, a non-slide or a multi-file slide is refused with its reason — and only the
 * slides that pass are added. Watch folders run the same checks in their own pipeline.
 */
export async function addCheckedFiles(
  engine: UploadEngine,
  requests: readonly AddRequest[],
  options: IntakeOptions,
): Promise<CheckedAddResult[]> {
  const results: CheckedAddResult[] = [];
  const accepted: AddRequest[] = [];
  for (const request of requests) {
    if (options.skipChecks) {
      accepted.push(request);
      continue;
    }
    // The version QC saw: stat before and after, so a file still being written is not queued as checked.
    const before = await statSource(request.path).catch(() => undefined);
    const inspection = await options.inspect(request.path);
    const after = before && (await statSource(request.path).catch(() => undefined));
    if (inspection.kind === 'slide' && before && after && sameVersion(before, after))
      accepted.push({ ...request, version: after, checked: after });
    else if (inspection.kind === 'slide')
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
  return [...results, ...(await engine.add(accepted))];
}
