import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { SlideMember } from '../../slides/types.js';
import { fileSha256, quickFingerprint } from '../../shared/fingerprint.js';
import { JobFailure } from '../job-failure.js';
import {
  assertUnchanged as assertFileUnchanged,
  openSource,
  readExactly,
  readWholeSource,
  statSource,
  type SourceVersion,
} from '../source-file.js';
import { slideZipLength, slideZipStream } from './slide-zip.js';
import { ZipStreamReader } from './zip-stream-reader.js';
import type { PatchOverlay } from './patched-reader.js';

/**
 * What a job uploads: one file, or a multi-file slide (MIRAX, VSI, DICOM series) sent as one stored ZIP built on
 * the fly from its members. Everything the engine does with the bytes goes through here, so both kinds get the
 * same guarantees: the version recorded (size and mtime, of every member for a set) is what is read, a change
 * restarts the upload, and reads in order give the same bytes every time.
 */
export interface UploadSource {
  /** For messages: the file's name, or the slide's main file name. */
  readonly name: string;
  /** The version on disk now; a clear failure if the file (or a member) is gone. */
  stat(): Promise<SourceVersion>;
  /** Throws `source-changed` unless the source is still exactly `expected`. */
  assertUnchanged(expected: SourceVersion): Promise<void>;
  /** Reads at increasing offsets (each part once, in order); a read backwards starts over from the beginning. */
  openReader(): Promise<SequentialReader>;
  /**
   * The whole content as one stream, from byte 0 — for a file, no further than `length` (the recorded size: a file
   * that grew must not overrun the request's declared length; the version check afterwards says it changed).
   */
  stream(options?: { signal?: AbortSignal; length?: number }): Readable;
  /** Small sources: the whole content into `bytes`, checked to be exactly `expected`. */
  readWhole(expected: SourceVersion, bytes: Buffer): Promise<void>;
  /** The cheap content fingerprint the queue deduplicates with (see shared/fingerprint.ts). */
  fingerprint(size: number): Promise<string>;
  /** SHA-256 of the whole content (hex). */
  sha256(signal?: AbortSignal): Promise<string>;
}

export interface SequentialReader {
  /** Fills `buffer` with the bytes at `offset`; a short source fails with `source-changed`. */
  read(buffer: Buffer, offset: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The source of a single file, or of a set when `members` are given — with `overlays` (by entry name), the
 * de-identification patches of those members laid over their bytes inside the ZIP.
 */
export function uploadSource(
  file: string,
  members?: readonly SlideMember[] | null,
  overlays?: ReadonlyMap<string, PatchOverlay>,
): UploadSource {
  return members && members.length > 0 ? new SlideSetSource(file, members, overlays) : new FileSource(file);
}

class FileSource implements UploadSource {
  readonly name: string;
  constructor(private readonly file: string) {
    this.name = path.basename(file);
  }
  stat() {
    return statSource(this.file);
  }
  assertUnchanged(expected: SourceVersion) {
    return assertFileUnchanged(this.file, expected);
  }
  async openReader(): Promise<SequentialReader> {
    const handle = await openSource(this.file);
    return {
      read: (buffer, offset) => readExactly(handle, buffer, offset, this.file),
      close: () => handle.close(),
    };
  }
  stream(options: { signal?: AbortSignal; length?: number } = {}) {
    return createReadStream(this.file, {
      highWaterMark: 1024 * 1024,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.length !== undefined ? { start: 0, end: Math.max(0, options.length - 1) } : {}),
    });
  }
  readWhole(expected: SourceVersion, bytes: Buffer) {
    return readWholeSource(this.file, expected, bytes);
  }
  fingerprint(size: number) {
    return quickFingerprint(this.file, size);
  }
  sha256(signal?: AbortSignal) {
    return fileSha256(this.file, signal);
  }
}

/** A multi-file slide: its version is every member's, its content the ZIP of them (slide-zip.ts). */
class SlideSetSource implements UploadSource {
  readonly name: string;
  constructor(
    private readonly main: string,
    private readonly members: readonly SlideMember[],
    private readonly overlays?: ReadonlyMap<string, PatchOverlay>,
  ) {
    this.name = path.basename(main);
  }

  async stat(): Promise<SourceVersion> {
    const now: SlideMember[] = [];
    for (const member of this.members) {
      const info = await stat(member.path).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'ENOENT')
          throw new JobFailure(
            'source-missing',
            `${member.entryName}, part of the slide ${this.name}, is gone. Was the slide moved or deleted? Add it again to upload it.`,
            false,
          );
        throw error;
      });
      if (!info.isFile())
        throw new JobFailure('source-unreadable', `${member.path} is not a regular file.`, false);
      now.push({ ...member, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
    }
    return setVersion(now);
  }

  async assertUnchanged(expected: SourceVersion): Promise<void> {
    const now = await this.stat();
    const changed = firstChangedMember(expected.members ?? this.members, now.members ?? []);
    if (changed === undefined && now.size === expected.size) return;
    throw new JobFailure(
      'source-changed',
      `${changed ?? 'A file'} of the slide ${this.name} changed while the slide was being uploaded; starting its upload over.`,
      true,
    );
  }

  async openReader(): Promise<SequentialReader> {
    return new ZipStreamReader(() => this.stream(), this.name);
  }

  stream(options: { signal?: AbortSignal } = {}): Readable {
    return slideZipStream(this.members, {
      ...options,
      slideName: this.name,
      ...(this.overlays ? { overlays: this.overlays } : {}),
    });
  }

  async readWhole(expected: SourceVersion, bytes: Buffer): Promise<void> {
    const reader = await this.openReader();
    try {
      await reader.read(bytes.subarray(0, expected.size), 0);
    } finally {
      await reader.close();
    }
    await this.assertUnchanged(expected);
  }

  /** Every member's own fingerprint, under its name: two copies of one slide agree, any other slide differs. */
  async fingerprint(size: number): Promise<string> {
    const hash = createHash('sha256').update(`slide-zip:${size}`);
    for (const member of this.members)
      hash.update(`\n${member.entryName}\n${await quickFingerprint(member.path, member.size)}`);
    return hash.digest('hex');
  }

  async sha256(signal?: AbortSignal): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.stream(signal ? { signal } : {})) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
}

/** The version of a set: its ZIP's length, its newest member's mtime, and every member as it is. */
export async function setVersion(members: readonly SlideMember[]): Promise<SourceVersion> {
  return {
    size: await slideZipLength(members),
    mtimeMs: Math.max(0, ...members.map((member) => member.mtimeMs)),
    members: [...members],
  };
}

/** The entry name of the first member whose path, size or mtime differs (or that was added or removed). */
export function firstChangedMember(
  before: readonly SlideMember[],
  after: readonly SlideMember[],
): string | undefined {
  const count = Math.max(before.length, after.length);
  for (let index = 0; index < count; index += 1) {
    const a = before[index];
    const b = after[index];
    if (!a || !b || a.path !== b.path || a.size !== b.size || a.mtimeMs !== b.mtimeMs)
      return (a ?? b)!.entryName;
  }
  return undefined;
}
