import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickFingerprint } from '../../../src-main/shared/fingerprint.js';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { slideBytes } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('content fingerprint', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  // Slide QC fingerprints the file while it has it open; the queue compares that with fingerprints it made
  // itself, so both ways must give the same value for every size (head only, head + overlapping tail, both).
  it.each([
    ['a small slide (head only)', 1],
    ['a slide just over 64 KiB (tail overlaps the head)', 1100],
    ['a larger slide', 16 * 1024],
  ])('is the same from slide QC as from the file on disk: %s', async (_name, tileBytes) => {
    const file = path.join(temp.dir, 'slide.svs');
    const bytes = slideBytes('fingerprint', tileBytes);
    await writeFile(file, bytes);
    const inspection = await inspectSlide(file, { fingerprint: true });
    expect(inspection.kind).toBe('slide');
    if (inspection.kind !== 'slide') return;
    expect(inspection.fingerprint).toEqual({
      size: bytes.length,
      value: await quickFingerprint(file, bytes.length),
    });
  });

  it('keeps its definition, SHA-256 of the size and the first and last 64 KiB: fingerprints stored by earlier versions still match', async () => {
    const file = path.join(temp.dir, 'slide.svs');
    const bytes = slideBytes('stored', 4096);
    await writeFile(file, bytes);
    const edge = 64 * 1024;
    const expected = createHash('sha256')
      .update(String(bytes.length))
      .update(bytes.subarray(0, edge))
      .update(bytes.subarray(bytes.length - edge))
      .digest('hex');
    expect(bytes.length).toBeGreaterThan(2 * edge);
    expect(await quickFingerprint(file, bytes.length)).toBe(expected);
  });

  it('differs when only the end of the file differs', async () => {
    const a = path.join(temp.dir, 'a.svs');
    const b = path.join(temp.dir, 'b.svs');
    const bytes = slideBytes('same', 4096);
    await writeFile(a, bytes);
    const changed = Buffer.from(bytes);
    changed.writeUInt8(changed.readUInt8(changed.length - 1) ^ 0xff, changed.length - 1);
    await writeFile(b, changed);
    expect(await quickFingerprint(a, bytes.length)).not.toBe(await quickFingerprint(b, bytes.length));
  });

  it('is only computed when asked for', async () => {
    const file = path.join(temp.dir, 'slide.svs');
    await writeFile(file, slideBytes('plain'));
    const inspection = await inspectSlide(file);
    expect(inspection).not.toHaveProperty('fingerprint');
  });
});
