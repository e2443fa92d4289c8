import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src-main/sandbox/sandbox.js';
import { makeTempDir } from './temp-dir.js';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** Stops the sandbox and removes its data. */
  dispose(): Promise<void>;
}

/** A real sandbox (HTTP on 127.0.0.1, SQLite, S3 store) on a temp data dir; fast pipeline by default. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const temp = options.dataDir ? undefined : await makeTempDir('pathomiq-sandbox-');
  const dataDir = options.dataDir ?? temp!.dir;
  const sandbox = await startSandbox({ speed: 50, ...options, dataDir });
  return {
    ...sandbox,
    dataDir,
    async dispose() {
      await sandbox.close();
      await temp?.cleanup();
    },
  };
}
