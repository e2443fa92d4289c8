import { Command, InvalidArgumentError } from 'commander';
import { describeDialects, parseDialects, type Dialect } from './dialects.js';
import { SandboxInUseError } from './data-dir-claim.js';
import { startSandbox } from './sandbox.js';

const integer = (min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
  return parsed;
};
// Repeated --dialect options add up: "--dialect a --dialect b" is "--dialect a,b".
const dialectList = (value: string, previous: Dialect[] = []) => {
  try {
    return parseDialects([...previous, value].join(','));
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};
const positive = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a number > 0');
  return parsed;
};

const program = new Command('sandbox')
  .description('Local PathomIQ backend for development and tests: the REST API plus an S3-compatible bucket.')
  .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', integer(0), 0)
  .option('--data <dir>', 'where users, images, logs and objects are kept', '.sandbox-data')
  .option('--token <token>', 'require "Authorization: Bearer <token>" on every API call')
  .option('--demo', 'add demo images so a newcomer sees a populated app', false)
  .option('--presign-ttl <seconds>', 'lifetime of presigned POSTs and part URLs', integer(1), 3600)
  .option('--speed <factor>', 'run the simulated pipeline this many times faster', positive, 1)
  .option('--no-multipart', 'do not offer the S3 multipart extension (behave like a seed-API-only server)')
  .option(
    '--public-url <url>',
    'advertise this base URL (e.g. a proxy in front of the sandbox) in presigned URLs',
  )
  .option(
    '--dialect <names>',
    'behave like a real server where the API document is silent: comma-separated dialects (listed below)',
    dialectList,
  )
  .addHelpText('after', `\nDialects:\n${describeDialects()}`)
  .parse();

const opts = program.opts<{
  port: number;
  data: string;
  token?: string;
  demo: boolean;
  presignTtl: number;
  speed: number;
  publicUrl?: string;
  multipart: boolean;
  dialect?: Dialect[];
}>();

// A server process owns its data dir: pointed at one another sandbox runs on, it says so and exits (code 3)
// rather than pretending to serve what the other process serves.
const sandbox = await startSandbox({
  attach: false,
  dataDir: opts.data,
  port: opts.port,
  token: opts.token,
  demo: opts.demo,
  presignTtlSeconds: opts.presignTtl,
  speed: opts.speed,
  publicUrl: opts.publicUrl,
  multipart: opts.multipart,
  dialects: opts.dialect ?? [],
}).catch((error: unknown) => {
  if (!(error instanceof SandboxInUseError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(3);
});
const ready = { api: sandbox.api, s3: sandbox.s3, dialects: sandbox.dialects };
process.stdout.write(`SANDBOX_READY ${JSON.stringify(ready)}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sandbox.close().then(() => process.exit(0));
  });
}
