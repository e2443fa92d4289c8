import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestEngine, type TestEngine } from './engine.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';
import { makeTempDir } from './temp-dir.js';

type EngineOptions = NonNullable<Parameters<typeof startTestEngine>[1]>;

export interface EngineHarness {
  readonly sandbox: TestSandbox;
  /** This test's own folder (removed after it). */
  readonly dir: string;
  /** An engine on `<dir>/state` against the sandbox, closed after the test. */
  open(options?: EngineOptions): Promise<TestEngine>;
  /** Closes an engine before the test ends (as a crash or quit would) and forgets it. */
  close(engine: TestEngine): Promise<void>;
  /** The bytes storage holds for an image, read back over HTTP. */
  stored(imageUniqueId: string): Promise<Buffer>;
}

/**
 * What the engine's upload tests share: one real sandbox per file, a fresh folder per test, engines opened on it
 * (with `defaults`) and closed after each test, and the stored bytes read back. Call it inside `describe`.
 */
export function useEngineHarness(defaults: EngineOptions = {}): EngineHarness {
  let sandbox: TestSandbox | undefined;
  let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  const engines: TestEngine[] = [];
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.dispose();
  });
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.dispose();
    await temp?.cleanup();
  });
  const started = () => {
    if (!sandbox || !temp) throw new Error('useEngineHarness: use it inside a test');
    return { sandbox, temp };
  };
  return {
    get sandbox() {
      return started().sandbox;
    },
    get dir() {
      return started().temp.dir;
    },
    async open(options = {}) {
      const { sandbox: running, temp: folder } = started();
      const engine = await startTestEngine(running.api, {
        stateDir: path.join(folder.dir, 'state'),
        ...defaults,
        ...options,
      });
      engines.push(engine);
      return engine;
    },
    async close(engine) {
      await engine.engine.close();
      engines.splice(engines.indexOf(engine), 1);
    },
    async stored(imageUniqueId) {
      const response = await fetch(`${started().sandbox.api}/S3/file/${imageUniqueId}`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
