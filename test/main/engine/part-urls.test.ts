import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src-main/api/index.js';
import { PartUrls } from '../../../src-main/engine/part-urls.js';

/** The two signing calls PartUrls makes, counted; the rest of the client is never reached. */
function signingServer(options: { failFirst?: boolean } = {}) {
  const asked: Array<{ partNumber: number; checksumCrc32?: string | undefined }> = [];
  let failures = options.failFirst ? 1 : 0;
  const api = {
    signPart: async (
      _key: string,
      _uploadId: string,
      partNumber: number,
      opts: { checksumCrc32?: string | undefined },
    ) => {
      asked.push({ partNumber, checksumCrc32: opts.checksumCrc32 });
      await new Promise((resolve) => setImmediate(resolve));
      if (failures-- > 0) throw new Error('connection reset');
      return { url: `https://s3/part-${partNumber}-${opts.checksumCrc32}-${asked.length}`, expires: 3600 };
    },
  } as unknown as ApiClient;
  return { api, asked };
}

describe('part URLs signed ahead (read-ahead of the next part)', () => {
  const signal = new AbortController().signal;

  it('a URL asked for ahead is not asked for again when the part goes out', async () => {
    const { api, asked } = signingServer();
    const urls = new PartUrls(api, 'key', 'upload', [1, 2], signal);
    urls.prefetch(1, 'AAAAAA==');
    urls.prefetch(1, 'AAAAAA=='); // already on the way
    expect(await urls.get(1, 'AAAAAA==')).toBe('https://s3/part-1-AAAAAA==-1');
    expect(asked).toEqual([{ partNumber: 1, checksumCrc32: 'AAAAAA==' }]);
  });

  it('a URL signed for another checksum is never used: the part is signed again for its own', async () => {
    const { api, asked } = signingServer();
    const urls = new PartUrls(api, 'key', 'upload', [1], signal);
    urls.prefetch(1, 'AAAAAA==');
    expect(await urls.get(1, 'BBBBBB==')).toBe('https://s3/part-1-BBBBBB==-2');
    expect(asked.map((call) => call.checksumCrc32)).toEqual(['AAAAAA==', 'BBBBBB==']);
  });

  it('a failed signing ahead is not lost or thrown: the part asks again and gets its URL', async () => {
    const { api, asked } = signingServer({ failFirst: true });
    const urls = new PartUrls(api, 'key', 'upload', [3], signal);
    urls.prefetch(3, 'CCCCCC==');
    expect(await urls.get(3, 'CCCCCC==')).toBe('https://s3/part-3-CCCCCC==-2');
    expect(asked).toHaveLength(2);
  });

  it('an invalidated URL (storage refused it as expired) is signed afresh', async () => {
    const { api, asked } = signingServer();
    const urls = new PartUrls(api, 'key', 'upload', [1], signal);
    await urls.get(1, 'AAAAAA==');
    urls.invalidate(1);
    expect(await urls.get(1, 'AAAAAA==')).toBe('https://s3/part-1-AAAAAA==-2');
    expect(asked).toHaveLength(2);
  });
});
