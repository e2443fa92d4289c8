import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCli, type CompiledCli } from '../../helpers/compiled-cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { writeSlide } from '../../helpers/slides.js';
import { CLI_TEST_TIMEOUT, REPO_ROOT } from './run-cli.js';

const RECORDER = path.join(REPO_ROOT, 'test/helpers/module-recorder.mjs');

/** What only uploading, watching, the sandbox or the server need: none may load for a local command. */
const HEAVY = [
  'fastify',
  '@aws-sdk',
  '@smithy',
  'sharp',
  'chokidar',
  'axios',
  'form-data',
  'conf',
  'ajv',
  'fast-xml-parser',
];
const heavyIn = (modules: readonly string[]) =>
  HEAVY.filter((name) => modules.some((module) => module.includes(`/node_modules/${name}/`)));
const fromSource = (modules: readonly string[], dir: string) =>
  modules.filter((module) => module.includes(`/${dir}/`));

describe('what a local command loads', () => {
  let cli: CompiledCli;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    cli = await compileCli();
    temp = await makeTempDir('pathomiq-lazy-');
  }, CLI_TEST_TIMEOUT);
  afterAll(async () => {
    await cli?.dispose();
    await temp?.cleanup();
  });

  /** Runs the compiled CLI with the recorder preloaded; the modules it loaded, and its exit. */
  async function modulesOf(
    args: readonly string[],
  ): Promise<{ modules: string[]; code: number | null; output: string }> {
    const record = path.join(temp.dir, `modules-${args.join('-').replace(/\W+/g, '_')}.txt`);
    const child = spawn(process.execPath, ['--import', RECORDER, cli.main, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, MODULE_RECORD_FILE: record, PATHOMIQ_SERVER: '', PATHOMIQ_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    const modules = (await readFile(record, 'utf8')).split('\n').filter((line) => line !== '');
    return { modules, code, output };
  }

  it(
    '--help loads commander and the command words, nothing of the app, engine, API or sandbox',
    async () => {
      const { modules, code, output } = await modulesOf(['--help']);
      expect(code, output).toBe(0);
      expect(output).toContain('upload [options] <paths...>');
      expect(heavyIn(modules)).toEqual([]);
      expect(modules.some((module) => module.includes('/node_modules/zod/'))).toBe(false);
      expect(modules.some((module) => module.includes('/node_modules/better-sqlite3/'))).toBe(false);
      for (const dir of ['app', 'engine', 'api', 'watcher', 'slides'])
        expect(fromSource(modules, `src-main/${dir}`), dir).toEqual([]);
      expect(fromSource(modules, 'src-main/sandbox').map((module) => path.basename(module))).toEqual([
        'dialects.js',
      ]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    '`queue` reads the local SQLite queue through the lean path: the row reader and formatter, not the app',
    async () => {
      const stateDir = path.join(temp.dir, 'state');
      const { modules, code, output } = await modulesOf(['--state-dir', stateDir, '--user', '19', 'queue']);
      expect(code, output).toBe(0);
      expect(output).toContain('The queue is empty.');
      expect(heavyIn(modules)).toEqual([]);
      expect(modules.some((module) => module.includes('/node_modules/better-sqlite3/'))).toBe(true);
      // No validator library, app, engine, API client, slide code or watcher: only the queue's own database files.
      expect(modules.some((module) => module.includes('/node_modules/zod/'))).toBe(false);
      for (const dir of ['app', 'api', 'watcher', 'slides', 'host', 'intake'])
        expect(fromSource(modules, `src-main/${dir}`), dir).toEqual([]);
      const engine = fromSource(modules, 'src-main/engine').map((module) =>
        module.slice(module.indexOf('/src-main/engine/') + '/src-main/engine/'.length),
      );
      expect([...new Set(engine)].sort()).toEqual([
        'db/job-rows.js',
        'db/migrations.js',
        'db/queue-database.js',
        'db/runner-lock.js',
        'destination.js',
      ]);
      // Only the sandbox's dialect names (for --sandbox-dialect): never the server.
      expect(
        fromSource(modules, 'src-main/sandbox').filter((module) => !module.endsWith('/dialects.js')),
      ).toEqual([]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    '`inspect` of a single-file slide opens the app without the ZIP writer (yazl loads with a multi-file slide)',
    async () => {
      const { file } = await writeSlide(temp.dir, 'single.svs');
      const stateDir = path.join(temp.dir, 'inspect-state');
      const { modules, code, output } = await modulesOf(['--state-dir', stateDir, 'inspect', file]);
      expect(code, output).toBe(0);
      expect(output).toContain('passes slide QC');
      expect(fromSource(modules, 'src-main/engine/source')).not.toEqual([]);
      expect(modules.filter((module) => module.includes('/node_modules/yazl/'))).toEqual([]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    '`--help | head -1`: a reader that closes the pipe early ends the CLI quietly, not with an EPIPE crash',
    async () => {
      const child = spawn(process.execPath, [cli.main, '--help'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Like `head` that has already read its fill: the reading end is closed before the CLI writes its help.
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', resolve);
      });
      expect(stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(code).toBe(0);
    },
    CLI_TEST_TIMEOUT,
  );
});
