import type { JobView } from '../../src-shared/engine/index.js';

/** A queued job for user 19 as the engine reports it, named after its id; tests override what they care about. */
export function jobView(id: number, patch: Partial<JobView> = {}): JobView {
  return {
    id,
    sourcePath: `/slides/slide-${id}.svs`,
    fileName: `slide-${id}.svs`,
    size: 1000,
    state: 'queued',
    metadata: { userid: 19 },
    priority: 0,
    imageId: null,
    imageUniqueId: null,
    mode: null,
    partSize: null,
    bytesDone: 0,
    sha256: null,
    attempts: 0,
    error: null,
    retryAt: null,
    createdAt: 0,
    updatedAt: 0,
    finishedAt: null,
    watchFolderId: null,
    destination: 'http://127.0.0.1:4010',
    elsewhere: false,
    duplicateOf: null,
    memberCount: null,
    ...patch,
  };
}
