import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const READY = /^SANDBOX_READY (\{.*\})$/;

/** Starts `npm run sandbox` as a user would (via tsx) and resolves with the parsed READY line. */
export function startCli(args: string[]): {
  child: ChildProcess;
  ready: Promise<{ line: string; api: string; s3: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/sandbox/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<{ line: string; api: string; s3: string }>((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const match = READY.exec(line);
      if (!match) return reject(new Error(`unexpected first line: ${line}`));
      resolve({ line, ...(JSON.parse(match[1]!) as { api: string; s3: string }) });
    });
  });
  return { child, ready };
}

export const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
