import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type yazlModule from 'yazl';
import path from 'node:path';
import type { SlideFormat, SlideMember } from '../../slides/types.js';
import { JobFailure } from '../job-failure.js';
import { useNativeCrc32ForYazl } from './fast-crc32.js';
import { overlayStream, type PatchOverlay } from './patched-reader.js';

let yazlLoading: Promise<typeof yazlModule> | undefined;

/**
 * yazl loads with the first multi-file slide, not with the engine: loading it (a CommonJS package) costs ~20 ms
 * of CPU at the start of every command that opens the app, and most uploads are single files.
 */
function loadYazl(): Promise<typeof yazlModule> {
  yazlLoading ??= import('yazl').then(({ default: loaded }) => {
    useNativeCrc32ForYazl();
    return loaded;
  });
  return yazlLoading;
}

/**
 * A multi-file slide travels as one uncompressed ZIP written by yazl straight from its member files: no copy on
 * disk, and — stored entries with known sizes — a total length yazl computes before the first byte (the presigned
 * POST's content length, the multipart plan). Every entry's metadata comes from the recorded member (mtime) or is
 * fixed (mode), so the same members always give the same bytes: a resumed multipart upload re-reads exactly the
 * ranges it sent before, and part checksums prove it.
 */

/** Fixed, not the file's own mode: a chmod between attempts must not change the bytes. */
const ENTRY_MODE = 0o100644;

const entryOptions = (member: SlideMember) => ({
  compress: false,
  size: member.size,
  mtime: new Date(member.mtimeMs),
  mode: ENTRY_MODE,
});

/** The exact length of the slide's ZIP, without reading any member. */
export async function slideZipLength(members: readonly SlideMember[]): Promise<number> {
  const yazl = await loadYazl();
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    // Never asked for: nothing reads this ZipFile's output, so yazl never gets to the entries' data.
    for (const member of members)
      zip.addReadStreamLazy(member.entryName, entryOptions(member), () => undefined);
    // @types/yazl declares the callback without its argument; yazl passes the total (or -1 if unknown).
    const onLength = ((length: number) =>
      length >= 0
        ? resolve(length)
        : reject(new Error('The slide ZIP length could not be computed.'))) as () => void;
    zip.end(undefined, onLength);
  });
}

/**
 * The slide's ZIP as a stream. A member that is gone, or whose byte count differs from the recorded size, fails
 * the stream with a `source-changed` or `source-missing` failure naming it (yazl checks each member's count); the
 * caller's version checks before and after catch a rewrite of the same size. A member with a de-identification
 * overlay is patched as it goes in, so yazl's CRC-32 (computed from the bytes it is given) is of the patched bytes.
 */
export function slideZipStream(
  members: readonly SlideMember[],
  options: { signal?: AbortSignal; slideName: string; overlays?: ReadonlyMap<string, PatchOverlay> },
): Readable {
  const output = new PassThrough({ highWaterMark: 1024 * 1024 });
  let current: SlideMember | undefined;
  const fail = (error: Error) => {
    if (!output.destroyed) output.destroy(describeFailure(error, current, options.slideName));
  };
  // The stream is the caller's at once; the ZIP starts flowing into it once yazl is loaded.
  loadYazl()
    .then((yazl) => {
      if (output.destroyed) return;
      const zip = new yazl.ZipFile();
      zip.on('error', fail);
      for (const member of members) {
        zip.addReadStreamLazy(member.entryName, entryOptions(member), (callback) => {
          current = member;
          const file = createReadStream(member.path, {
            highWaterMark: 1024 * 1024,
            ...(options.signal ? { signal: options.signal } : {}),
          });
          file.on('error', fail);
          const overlay = options.overlays?.get(member.entryName);
          callback(null, overlay ? overlayStream(file, overlay) : file);
        });
      }
      zip.end();
      zip.outputStream.on('error', fail);
      zip.outputStream.pipe(output);
      output.on('close', () => zip.outputStream.unpipe(output));
    })
    .catch(fail);
  return output;
}

function describeFailure(error: Error, member: SlideMember | undefined, slideName: string): Error {
  if (error.name === 'AbortError' || !member) return error;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT')
    return new JobFailure(
      'source-missing',
      `${member.entryName}, part of the slide ${slideName}, is gone. Was the slide moved or deleted? Add it again to upload it.`,
      false,
    );
  if (/unexpected number of bytes/.test(error.message))
    return new JobFailure(
      'source-changed',
      `${member.entryName}, part of the slide ${slideName}, changed size while it was being read; starting its upload over.`,
      true,
    );
  return error;
}

/**
 * The name a multi-file slide is uploaded under: "<slide>.mrxs.zip", "<slide>.vsi.zip", or for a DICOM series
 * "<its folder>.dcm.zip" (instances are usually named by UID or number; the folder is what people named).
 */
export function slideZipName(format: SlideFormat, main: string): string {
  if (format === 'dicom') return `${path.basename(path.dirname(main)) || 'series'}.dcm.zip`;
  return `${path.basename(main)}.zip`;
}
