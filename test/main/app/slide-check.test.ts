import { describe, expect, it } from 'vitest';
import { toSlideCheck } from '../../../src-main/app/slide-check.js';

describe('what slide QC found, as the UI shows it', () => {
  it('a one-level TIFF is "TIFF", so its "not a pyramid" warning does not contradict its name', () => {
    const check = toSlideCheck({
      kind: 'slide',
      format: 'generic-tiff',
      metadata: { width: 300, height: 250, levels: 1 },
      files: ['/scans/flat.tiff'],
      warnings: ['flat.tiff is not a pyramid: …'],
    });
    expect(check).toMatchObject({ kind: 'slide', format: 'TIFF', levels: 1, members: null });
  });

  it('a multi-file slide carries its file count and total bytes', () => {
    const check = toSlideCheck({
      kind: 'slide',
      format: 'mirax',
      metadata: { vendor: '3DHISTECH' },
      files: ['/scans/a.mrxs', '/scans/a/Slidedat.ini'],
      members: [
        { path: '/scans/a.mrxs', entryName: 'a.mrxs', size: 10, mtimeMs: 1 },
        { path: '/scans/a/Slidedat.ini', entryName: 'a/Slidedat.ini', size: 32, mtimeMs: 1 },
      ],
      warnings: [],
    });
    expect(check).toMatchObject({ format: 'MIRAX (3DHistech)', members: { count: 2, bytes: 42 } });
  });
});
