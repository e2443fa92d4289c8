import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { BytePatch, DeidPlan } from '../../slides/deid/plan.js';
import { planHash } from '../../slides/deid/plan.js';
import { JobFailure } from '../job-failure.js';
import type { SourceVersion } from '../source-file.js';
import type { SequentialReader, UploadSource } from './upload-source.js';

/**
 * A de-identified upload: the source's bytes with the plan's patches laid over them, on every path the engine
 * reads (sequential parts, the whole stream, small whole reads, SHA-256), so hashes, ETags and content checks are
 * of the bytes sent. Same length as the file; the file is never written or copied.
 */
export function patchedSource(inner: UploadSource, plan: DeidPlan): UploadSource {
  const overlay = new PatchOverlay(plan);
  const hash = planHash(plan);
  return {
    name: inner.name,
    stat: () => inner.stat(),
    assertUnchanged: (expected) => inner.assertUnchanged(expected),
    async openReader(): Promise<SequentialReader> {
      const reader = await inner.openReader();
      return {
        async read(buffer, offset) {
          await reader.read(buffer, offset);
          overlay.apply(buffer, offset);
        },
        close: () => reader.close(),
      };
    },
    stream: (options) => overlayStream(inner.stream(options), overlay),
    async readWhole(expected: SourceVersion, bytes: Buffer) {
      await inner.readWhole(expected, bytes);
      overlay.apply(bytes.subarray(0, expected.size), 0);
    },
    // Another identity than the file's own: a de-identified upload is not a copy of the file uploaded as it is.
    fingerprint: async (size) => deidFingerprint(await inner.fingerprint(size), hash),
    async sha256(signal) {
      const digest = createHash('sha256');
      for await (const chunk of this.stream(signal ? { signal } : {})) digest.update(chunk as Buffer);
      return digest.digest('hex');
    },
  };
}

/** The queue's duplicate fingerprint of a de-identified upload: the file's, bound to the plan that changes it. */
export const deidFingerprint = (fileFingerprint: string, hashOfPlan: string): string =>
  createHash('sha256').update(`deid:${hashOfPlan}:${fileFingerprint}`).digest('hex');

/** A source whose recorded plan is for another file version: nothing may be read from it until it is re-planned. */
export function unplannedSource(inner: UploadSource, fileName: string): UploadSource {
  const refuse = (): never => {
    throw new JobFailure(
      'source-changed',
      `${fileName} changed since its de-identification was planned; checking it again before uploading.`,
      true,
    );
  };
  return {
    name: inner.name,
    stat: () => inner.stat(),
    assertUnchanged: (expected) => inner.assertUnchanged(expected),
    openReader: async () => refuse(),
    stream: () => refuse(),
    readWhole: async () => refuse(),
    fingerprint: (size) => inner.fingerprint(size),
    sha256: async () => refuse(),
  };
}

/**
 * Lays sorted, disjoint patches over any buffer that holds the bytes at some offset of the source (the file, or
 * one member of a slide's ZIP).
 */
export class PatchOverlay {
  private readonly starts: number[];
  private readonly payloads: Array<Buffer | undefined>;

  constructor(private readonly plan: { patches: readonly BytePatch[] }) {
    this.starts = plan.patches.map((patch) => patch.offset);
    this.payloads = plan.patches.map((patch) =>
      patch.bytes === undefined ? undefined : Buffer.from(patch.bytes, 'base64'),
    );
  }

  /** Overwrites in `buffer` (the bytes at `offset`) whatever the plan changes there. */
  apply(buffer: Buffer, offset: number): void {
    const end = offset + buffer.length;
    for (let index = this.firstEndingAfter(offset); index < this.starts.length; index += 1) {
      const patch = this.plan.patches[index]!;
      if (patch.offset >= end) break;
      const from = Math.max(patch.offset, offset);
      const to = Math.min(patch.offset + patch.length, end);
      const payload = this.payloads[index];
      if (payload) payload.copy(buffer, from - offset, from - patch.offset, to - patch.offset);
      else buffer.fill(0, from - offset, to - offset);
    }
  }

  /** Whether any patch changes a byte in [offset, offset + length). */
  touches(offset: number, length: number): boolean {
    const patch = this.plan.patches[this.firstEndingAfter(offset)];
    return patch !== undefined && patch.offset < offset + length;
  }

  /** Index of the first patch that ends after `offset` (patches are sorted and disjoint, so ends are sorted too). */
  private firstEndingAfter(offset: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const patch = this.plan.patches[mid]!;
      if (patch.offset + patch.length <= offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * The overlay on a stream from byte 0. A chunk a patch touches is copied before it is patched (the source's
 * buffers are not ours); the others pass through untouched. The source's errors end the patched stream too.
 */
export function overlayStream(source: Readable, overlay: PatchOverlay): Readable {
  let position = 0;
  const patched = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const at = position;
      position += chunk.length;
      if (!overlay.touches(at, chunk.length)) return done(null, chunk);
      const out = Buffer.from(chunk);
      overlay.apply(out, at);
      done(null, out);
    },
  });
  source.on('error', (error) => patched.destroy(error));
  patched.on('close', () => source.destroy());
  return source.pipe(patched);
}
