import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The compiled CLI (`npm run bench` runs `build:node` first): what users run, without tsx's on-the-fly compiling. */
export const CLI_BIN = path.join(REPO_ROOT, 'bin/pathomiq-uploader.js');
/** The compiled sandbox entry point: same code as `src-main/sandbox/cli.ts`, the same way compiled as the CLI. */
export const SANDBOX_CLI = path.join(REPO_ROOT, 'dist/node/src-main/sandbox/cli.js');
/**
 * A module of the compiled app (`dist/node`, built by `npm run bench` first), typed as its source: what the app
 * runs, not tsx's on-the-fly transform of it (which alone made the watch bench ~20 % slower).
 */
export function importBuilt<Module>(sourcePath: `src-main/${string}.js`): Promise<Module> {
  return import(pathToFileURL(path.join(REPO_ROOT, 'dist/node', sourcePath)).href) as Promise<Module>;
}
export const RESULTS_FILE = path.join(REPO_ROOT, 'bench/results.md');
/** Git-ignored scratch space (kept generated files live here with --keep-files). */
export const BENCH_TMP = path.join(REPO_ROOT, 'bench/tmp');
