import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, type CliResult, type CliTarget, type RunningCli } from '../main/cli/run-cli.js';
import { makeTempDir } from './temp-dir.js';

/**
 * The CLI as it ships: `bin/pathomiq-uploader.js` runs the compiled JavaScript (`npm run build:node`), not tsx.
 * Suites that start the CLI hundreds of times compile the CURRENT src-main and src-shared once into a temp dir and
 * run that: a start then costs ~0.2 CPU-s instead of ~1.8 through tsx's loader. The project compiles with
 * isolatedModules and verbatimModuleSyntax, so TypeScript's per-file transpileModule emits exactly what tsc emits
 * (type checking is `npm run typecheck`'s job). Same flags and hermetic environment as run-cli.ts.
 */
export interface CompiledCli {
  /** The compiled entry point, src-main/cli/main.js. */
  main: string;
  start(target: CliTarget, args: readonly string[]): RunningCli;
  /** Runs the CLI to the end; kills it (and fails) if it takes longer than `timeoutMs`. */
  run(target: CliTarget, args: readonly string[], timeoutMs?: number): Promise<CliResult>;
  dispose(): Promise<void>;
}

const SOURCE_ROOTS = ['src-main', 'src-shared'];
/** The flags bin/pathomiq-uploader.js runs node with. */
const BIN_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * tsconfig.node.json's sources under src-main and src-shared, and its compiler options emitting ES modules file by
 * file (what NodeNext emits under "type": "module").
 */
function projectConfig(): { files: string[]; options: ts.CompilerOptions } {
  const configFile = path.join(REPO_ROOT, 'tsconfig.node.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT, undefined, configFile);
  const files = parsed.fileNames.filter((file) =>
    SOURCE_ROOTS.some((root) => path.relative(REPO_ROOT, file).startsWith(`${root}${path.sep}`)),
  );
  return { files, options: { ...parsed.options, module: ts.ModuleKind.ES2022, sourceMap: false } };
}

/** Hermetic: no PATHOMIQ_* setting of whoever runs the tests reaches the CLI, only the given flags count. */
function hermeticEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PATHOMIQ_')));
}

export async function compileCli(): Promise<CompiledCli> {
  const temp = await makeTempDir('pathomiq-compiled-cli-');
  try {
    const { files, options } = projectConfig();
    await Promise.all(
      files.map(async (file) => {
        const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
          fileName: file,
          compilerOptions: options,
        });
        const out = path.join(temp.dir, path.relative(REPO_ROOT, file)).replace(/\.ts$/, '.js');
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, outputText);
      }),
    );
    // ES modules, and the project's dependencies (native ones included) resolved as from the repository.
    await writeFile(path.join(temp.dir, 'package.json'), '{ "type": "module" }\n');
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(temp.dir, 'node_modules'), 'dir');
  } catch (error) {
    await temp.cleanup();
    throw error;
  }
  const main = path.join(temp.dir, 'src-main', 'cli', 'main.js');

  const start = (target: CliTarget, args: readonly string[]): RunningCli => {
    const child = spawn(
      process.execPath,
      [
        ...BIN_NODE_FLAGS,
        main,
        ...(target.api !== undefined ? ['--server', target.api] : []),
        '--user',
        '19',
        '--state-dir',
        target.stateDir,
        ...args,
      ],
      { cwd: REPO_ROOT, env: hermeticEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = { stdout: '', stderr: '' };
    child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    const exited = new Promise<CliResult>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, ...output }));
    });
    return { child, output, exited };
  };

  return {
    main,
    start,
    async run(target, args, timeoutMs = 20_000) {
      const running = start(target, args);
      const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
      try {
        const result = await running.exited;
        if (result.signal === 'SIGKILL')
          throw new Error(`CLI ${args.join(' ')} timed out: ${JSON.stringify(result)}`);
        return result;
      } finally {
        clearTimeout(timer);
      }
    },
    dispose: () => rm(temp.dir, { recursive: true, force: true }),
  };
}
