import type { EngineEvent, JobView } from '../../src-shared/engine/index.js';
import { createApiClient, type ApiClient } from '../../src-main/api/index.js';
import { serverDestination } from '../../src-main/engine/destination.js';
import { UploadEngine, type EngineOptions } from '../../src-main/engine/engine.js';
import { makeTempDir } from './temp-dir.js';

export interface TestEngine {
  engine: UploadEngine;
  api: ApiClient;
  stateDir: string;
  events: EngineEvent[];
  /** Adds files as user 19 and runs until they settle. */
  upload(paths: string[], extra?: { force?: boolean }): Promise<JobView[]>;
  dispose(): Promise<void>;
}

/** An engine on a temp state dir against `baseUrl`, fast retries, small parts (5 MiB) for multi-part tests. */
export async function startTestEngine(
  baseUrl: string,
  options: Partial<EngineOptions> & { token?: () => string | undefined } = {},
): Promise<TestEngine> {
  const temp = options.stateDir ? undefined : await makeTempDir('pathomiq-engine-');
  const stateDir = options.stateDir ?? temp!.dir;
  const api =
    options.api ?? createApiClient({ baseUrl, token: options.token, retries: 0, timeoutMs: 10_000 });
  const engine = new UploadEngine({
    destination: serverDestination(baseUrl),
    partSize: 5 * 1024 * 1024,
    retryBaseMs: 50,
    retryCapMs: 500,
    stallMs: 5_000,
    ...options,
    stateDir,
    api,
  });
  const events: EngineEvent[] = [];
  engine.on((event) => events.push(event));
  return {
    engine,
    api,
    stateDir,
    events,
    async upload(paths, extra = {}) {
      const results = await engine.add(
        paths.map((path) => ({
          path,
          metadata: { userid: 19, workarea: 6, study: 5, patient_id: 3 },
          force: extra.force === true,
        })),
      );
      engine.start();
      const ids = results.flatMap((result) => ('job' in result ? [result.job.id] : []));
      return engine.whenSettled(ids);
    },
    async dispose() {
      await engine.close();
      await temp?.cleanup();
    },
  };
}
