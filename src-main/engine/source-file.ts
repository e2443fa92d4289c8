import { open, stat, type FileHandle } from 'node:fs/promises';
import type { SlideMember } from '../slides/types.js';
import { JobFailure } from './job-failure.js';

export interface SourceVersion {
  size: number;
  mtimeMs: number;
  /** A multi-file slide: every member's version (then `size` is its ZIP's length, `mtimeMs` the newest member's). */
  members?: readonly SlideMember[] | undefined;
}

/** The file as it is now; a clear failure if it is gone or unreadable. */
export async function statSource(path: string): Promise<SourceVersion> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new JobFailure('source-unreadable', `${path} is not a regular file.`, false);
    return { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
  } catch (error) {
    if (error instanceof JobFailure) throw error;
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new JobFailure(
        'source-missing',
        `The file ${path} is gone. Was it moved or deleted? Add it again to upload it.`,
        false,
      );
    }
    throw error;
  }
}

export const sameVersion = (a: SourceVersion, b: SourceVersion): boolean =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && sameMembers(a.members, b.members);

/** Both single files, or the same members at the same versions in the same order. */
function sameMembers(a: readonly SlideMember[] | undefined, b: readonly SlideMember[] | undefined): boolean {
  if (!a || !b) return !a === !b || (a ?? b)!.length === 0;
  return (
    a.length === b.length &&
    a.every((member, index) => {
      const other = b[index]!;
      return member.path === other.path && member.size === other.size && member.mtimeMs === other.mtimeMs;
    })
  );
}

/** Throws `source-changed` unless the file is still exactly the recorded version. */
export async function assertUnchanged(path: string, expected: SourceVersion): Promise<void> {
  assertSameVersion(path, expected, await statSource(path), 'uploaded');
}

function assertSameVersion(path: string, expected: SourceVersion, now: SourceVersion, doing: string): void {
  if (sameVersion(now, expected)) return;
  throw new JobFailure(
    'source-changed',
    `The file ${path} changed while it was being ${doing} (size ${expected.size} → ${now.size}); starting its upload over.`,
    true,
  );
}

export async function openSource(path: string): Promise<FileHandle> {
  return open(path, 'r');
}

/** Reads exactly `buffer.length` bytes at `offset`; a short read means the file shrank. */
export async function readExactly(
  handle: FileHandle,
  buffer: Buffer,
  offset: number,
  path: string,
): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, offset + done);
    if (bytesRead === 0) {
      throw new JobFailure(
        'source-changed',
        `The file ${path} changed (it got shorter) while it was being read; starting its upload over.`,
        true,
      );
    }
    done += bytesRead;
  }
}

/**
 * Reads the whole file into `bytes` (small files only), checked through the same handle afterwards: what was read is
 * exactly the recorded version, or a `source-changed` failure — never a mix of old and new bytes.
 */
export async function readWholeSource(path: string, expected: SourceVersion, bytes: Buffer): Promise<void> {
  const handle = await openSource(path).catch(async (error: unknown) => {
    await statSource(path); // a clear "gone" or "not a file" when that is the cause
    throw error;
  });
  try {
    await readExactly(handle, bytes.subarray(0, expected.size), 0, path);
    const after = await handle.stat();
    assertSameVersion(path, expected, { size: after.size, mtimeMs: Math.trunc(after.mtimeMs) }, 'read');
  } finally {
    await handle.close();
  }
}
