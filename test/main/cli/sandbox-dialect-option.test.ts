import { createHash } from 'node:crypto';
import path from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostOptions } from '../../../src-main/host/host-options.js';
import { runCli } from '../../helpers/cli.js';
import { writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Only the flags given count, not the PATHOMIQ_* settings of whoever runs the tests. */
const hermetic = { PATHOMIQ_SERVER: '', PATHOMIQ_SANDBOX_DIALECT: '', PATHOMIQ_USER: '' };

describe('--sandbox-dialect: the embedded sandbox answers like a real server', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('pathomiq-dialect-option-');
  });
  afterAll(() => temp.cleanup());

  it('the CLI uploads to an embedded sandbox that answers PUT with 204 and signs V2 POSTs, and says so', async () => {
    const slide = await writeSlide(temp.dir, 'dialect.svs');
    const stateDir = path.join(temp.dir, 'state');
    const upload = await runCli(
      ['--state-dir', stateDir, '--sandbox-dialect', 'put-empty,sigv2', '--json', 'upload', slide.file],
      { env: hermetic },
    );
    expect(upload.code).toBe(0);
    expect(upload.stdout).toContain('answering in dialect put-empty, sigv2');
    const done = upload.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; job?: { state: string; sha256: string | null } })
      .filter((event) => event.type === 'job-updated' && event.job?.state === 'done');
    expect(done.map((event) => event.job?.sha256)).toEqual([sha256(slide.bytes)]);
  });

  it('PATHOMIQ_SANDBOX_DIALECT works too; an unknown name is a usage error that lists the dialects', async () => {
    const run = await runCli(['--state-dir', path.join(temp.dir, 'state2'), 'queue'], {
      env: { ...hermetic, PATHOMIQ_SANDBOX_DIALECT: 'put-teapot' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/put-teapot/);
    expect(run.stderr).toMatch(/put-empty/);
  });

  it('the browser host takes --sandbox-dialect (or the variable) and refuses unknown or clashing names', () => {
    expect(parseHostOptions(['--sandbox-dialect', 'errors-html, flask-dates']).sandboxDialects).toEqual([
      'errors-html',
      'flask-dates',
    ]);
    expect(parseHostOptions([]).sandboxDialects).toEqual([]);
    const stderr = process.stderr.write;
    process.stderr.write = () => true; // commander prints the usage error; the exception is what is checked
    try {
      expect(() => parseHostOptions(['--sandbox-dialect', 'put-msg,put-empty'])).toThrow(CommanderError);
      expect(() => parseHostOptions(['--sandbox-dialect', 'nope'])).toThrow(/nope/);
    } finally {
      process.stderr.write = stderr;
    }
  });
});
