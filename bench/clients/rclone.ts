import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxCredentials } from '../../src-main/sandbox/credentials.js';
import { SANDBOX_BUCKET } from '../../src-main/sandbox/sandbox.js';
import { cleanEnv } from '../lib/clean-env.js';
import { ReferenceFailure } from '../lib/failures.js';
import { runMeasured, type MeasuredRun } from '../lib/measured-process.js';

const REMOTE = 'sandbox';

/**
 * Debian's rclone pointed at the sandbox store with its own temp config (never ~/.config/rclone) holding only
 * what is needed to reach the store: provider Other, endpoint, keys, region, path-style. Everything else is
 * rclone's default (chunk size 5 MiB, 4 concurrent chunks, 4 transfers, MD5 of each file for its metadata).
 */
export class Rclone {
  private constructor(private readonly configPath: string) {}

  static async forStore(dir: string, endpoint: string, credentials: SandboxCredentials): Promise<Rclone> {
    const configPath = path.join(dir, 'rclone.conf');
    await writeFile(
      configPath,
      [
        `[${REMOTE}]`,
        'type = s3',
        'provider = Other',
        `access_key_id = ${credentials.accessKeyId}`,
        `secret_access_key = ${credentials.secretAccessKey}`,
        `endpoint = ${endpoint}`,
        'region = us-east-1',
        'force_path_style = true',
        '',
      ].join('\n'),
    );
    return new Rclone(configPath);
  }

  /** `rclone copyto <file> sandbox:pathomiq-sandbox/<key>` */
  copyto(file: string, key: string): Promise<MeasuredRun> {
    return this.run(['copyto', file, `${REMOTE}:${SANDBOX_BUCKET}/${key}`]);
  }

  /** `rclone copy <folder> sandbox:pathomiq-sandbox/<prefix>/` */
  copy(folder: string, prefix: string): Promise<MeasuredRun> {
    return this.run(['copy', folder, `${REMOTE}:${SANDBOX_BUCKET}/${prefix}/`]);
  }

  private async run(args: string[]): Promise<MeasuredRun> {
    const run = await runMeasured('rclone', ['--config', this.configPath, ...args], {
      env: cleanEnv(),
      timeoutMs: 30 * 60_000,
    });
    if (run.code !== 0)
      throw new ReferenceFailure(`rclone ${args[0]} exited ${run.code}: ${run.stderr.trim().slice(-600)}`);
    return run;
  }
}
