import { crc32 } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { checkLocalHeader, checkDataDescriptor, hasDataDescriptor } from './zip-headers.js';

/** A file inside a checked ZIP. */
export interface ZipMember {
  name: string;
  /** Uncompressed bytes. */
  size: number;
  method: 'stored' | 'deflated';
}

/** Why a ZIP is refused; `member` names the entry at fault when one is. */
export class ZipProblem extends Error {
  constructor(
    readonly member: string | undefined,
    readonly reason: string,
  ) {
    super(member === undefined ? reason : `member "${member}": ${reason}`);
    this.name = 'ZipProblem';
  }
}

const METHODS: Record<number, ZipMember['method']> = { 0: 'stored', 8: 'deflated' };
const ENCRYPTED = 0x1;
const SMALL_MEMBER_BYTES = 32 * 1024;

/**
 * Reads a whole ZIP through `reader` and checks it the way an unzip that trusts nothing would: yauzl's own
 * structure checks, then per entry the method, the local header against the central directory, every data byte
 * through CRC-32, and the data descriptor (as yazl writes one after each entry). Returns the file members in
 * ZIP order; the first fault found is thrown as a {@link ZipProblem}.
 */
export async function checkZipEntries(
  reader: yauzl.RandomAccessReader,
  totalSize: number,
  signal: AbortSignal,
): Promise<ZipMember[]> {
  const zip = await yauzl
    .fromRandomAccessReaderPromise(reader, totalSize, {
      autoClose: false,
      lazyEntries: true,
      validateEntrySizes: true,
      // Keeps a backslash a backslash, so yauzl refuses it as unsafe instead of silently making it a folder.
      strictFileNames: true,
    })
    .catch((error: unknown) => {
      throw new ZipProblem(undefined, describeArchiveError(error));
    });
  try {
    return await walk(zip, reader, totalSize, signal);
  } finally {
    zip.close();
  }
}

async function walk(
  zip: ZipFile,
  reader: yauzl.RandomAccessReader,
  totalSize: number,
  signal: AbortSignal,
): Promise<ZipMember[]> {
  const members: ZipMember[] = [];
  const seen = new Set<string>();
  const entries = zip.eachEntry();
  for (;;) {
    signal.throwIfAborted();
    const next = await entries.next().catch((error: unknown) => {
      throw entryListError(error);
    });
    if (next.done) return members;
    const entry = next.value;
    const name = entry.fileName;
    if (seen.has(name)) throw new ZipProblem(name, 'appears twice in the ZIP');
    seen.add(name);
    const method = METHODS[entry.compressionMethod];
    if (!method) {
      throw new ZipProblem(name, `compression method ${entry.compressionMethod} (only stored or deflated)`);
    }
    if (entry.generalPurposeBitFlag & ENCRYPTED) throw new ZipProblem(name, 'is encrypted');
    const local = await zip.readLocalFileHeaderPromise(entry).catch((error: unknown) => {
      throw new ZipProblem(name, `local header unreadable (${messageOf(error)})`);
    });
    problemIn(name, checkLocalHeader(entry, local));
    await checkCrc(zip, reader, entry, local.fileDataStart);
    if (hasDataDescriptor(local)) {
      const at = local.fileDataStart + entry.compressedSize;
      const bytes = await readAt(reader, at, Math.min(24, totalSize - at)).catch((error: unknown) => {
        throw new ZipProblem(name, `data descriptor unreadable (${messageOf(error)})`);
      });
      problemIn(name, checkDataDescriptor(entry, bytes));
    }
    if (!name.endsWith('/')) members.push({ name, size: entry.uncompressedSize, method });
  }
}

function problemIn(member: string, reason: string | undefined): void {
  if (reason !== undefined) throw new ZipProblem(member, reason);
}

/**
 * Reads the entry's data to the end (inflating if deflated) and compares its CRC-32 with the central one. A small
 * stored member is read in one piece, which the reader's cached window around its local header usually holds.
 */
async function checkCrc(
  zip: ZipFile,
  reader: yauzl.RandomAccessReader,
  entry: Entry,
  fileDataStart: number,
): Promise<void> {
  let crc = 0;
  try {
    if (entry.compressionMethod === 0 && entry.compressedSize <= SMALL_MEMBER_BYTES) {
      crc = crc32(await readAt(reader, fileDataStart, entry.compressedSize));
    } else {
      const stream: Readable = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) crc = crc32(chunk, crc);
    }
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ZipProblem(entry.fileName, `data unreadable (${messageOf(error)})`);
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new ZipProblem(
      entry.fileName,
      `CRC-32 mismatch (ZIP says ${hex(entry.crc32)}, data is ${hex(crc)})`,
    );
  }
}

function readAt(reader: yauzl.RandomAccessReader, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  if (length <= 0) return Promise.resolve(buffer);
  return new Promise((resolve, reject) =>
    reader.read(buffer, 0, length, position, (error) => (error ? reject(error) : resolve(buffer))),
  );
}

/** yauzl refuses unsafe names while listing; its message names the entry, which is kept as the member. */
function entryListError(error: unknown): Error {
  if (isAbort(error)) return error as Error;
  const message = messageOf(error);
  const unsafe = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(
    message,
  );
  if (unsafe) return new ZipProblem(unsafe[2], `unsafe entry name (${unsafe[1]})`);
  return new ZipProblem(undefined, `central directory damaged (${message})`);
}

function describeArchiveError(error: unknown): string {
  const message = messageOf(error);
  if (/end of central directory record signature not found/i.test(message)) {
    return 'not a complete ZIP: its end record (central directory) is missing — a truncated upload?';
  }
  return `not a readable ZIP (${message})`;
}

const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const hex = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');
