import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import yauzl from 'yauzl';

const run = promisify(execFile);
const unzipInstalled = run('unzip', ['-v']).then(
  () => true,
  () => false,
);

/** Every entry of a ZIP with its bytes, in order, read by yauzl (which checks sizes and each entry's CRC-32). */
export async function unpack(zip: Buffer): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', resolve);
    file.on('entry', (entry: yauzl.Entry) => {
      file.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          file.readEntry();
        });
      });
    });
    file.readEntry();
  });
  return entries;
}

/** `unzip -t` on the ZIP (Info-ZIP's own check of every entry), when unzip is installed; else undefined. */
export async function unzipTest(zip: Buffer, workDir: string): Promise<string | undefined> {
  if (!(await unzipInstalled)) return undefined;
  const file = path.join(workDir, `unzip-test-${process.pid}-${Date.now()}.zip`);
  await writeFile(file, zip);
  const { stdout } = await run('unzip', ['-t', file]);
  return stdout;
}
