/**
 * Slide previews (issue 11 item 1): milliseconds to make a thumbnail, label and macro on first request (decode +
 * scale + WebP + cache write) and to answer one from the disk cache, and the size of what is sent. Run alone:
 * `npx tsx bench/previews.ts`. The first call of the process also loads sharp/libvips; it is reported apart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SlidePreviewKind } from '../src-shared/app/index.js';
import { SlidePreviews } from '../src-main/slides/previews/index.js';
import { writeSlide, writeSlideWithPictures } from '../test/helpers/slides.js';

const KINDS: readonly SlidePreviewKind[] = ['thumbnail', 'label', 'macro'];

async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-bench-previews-'));
try {
  const slide = await writeSlideWithPictures(dir, 'BENCH-1.svs', {
    thumbnail: { width: 1024, height: 768 },
    label: { width: 1000, height: 1000 },
    macro: { width: 2000, height: 700 },
  });
  const plain = (await writeSlide(dir, 'BENCH-2.svs')).file;
  const cache = path.join(dir, 'cache');
  const first = await timed(() =>
    new SlidePreviews({ dir: path.join(dir, 'warm-up') }).preview(plain, 'thumbnail'),
  );
  console.log(`first call (loads sharp): ${first.ms.toFixed(0)} ms`);
  const previews = new SlidePreviews({ dir: cache });
  for (const [file, kinds] of [
    [slide, KINDS],
    [plain, ['thumbnail'] as const],
  ] as const) {
    for (const kind of kinds) {
      const made = await timed(() => previews.preview(file, kind));
      const cached = await timed(() => new SlidePreviews({ dir: cache }).preview(file, kind));
      const size = made.value.available
        ? `${(made.value.dataUrl.length / 1024).toFixed(1)} KiB data URL`
        : 'none';
      const source = made.value.available ? made.value.source : made.value.reason;
      console.log(
        `${path.basename(file)} ${kind}: made ${made.ms.toFixed(1)} ms, cached ${cached.ms.toFixed(1)} ms, ${size} (${source})`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
