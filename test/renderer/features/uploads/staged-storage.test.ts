import { describe, expect, it } from 'vitest';
import {
  readStagedPaths,
  writeStagedPaths,
  type PathStorage,
} from '../../../../src-renderer/features/uploads/staged-storage.js';

function memoryStorage(initial: Record<string, string> = {}): PathStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('staged paths across a reload', () => {
  it('keeps the list, and forgets it when emptied', () => {
    const storage = memoryStorage();
    writeStagedPaths(['/s/a.svs', '/s/case 2'], storage);
    expect(readStagedPaths(storage)).toEqual(['/s/a.svs', '/s/case 2']);
    writeStagedPaths([], storage);
    expect(storage.data.size).toBe(0);
    expect(readStagedPaths(storage)).toEqual([]);
  });

  it('ignores what is not a list of paths', () => {
    for (const stored of ['{not json', '"a string"', '{"0":"/a"}', '[1, null, "", "/ok.svs"]']) {
      const storage = memoryStorage({ 'pathomiq.staged': stored });
      expect(readStagedPaths(storage)).toEqual(stored.includes('/ok.svs') ? ['/ok.svs'] : []);
    }
    const tooLong = memoryStorage({ 'pathomiq.staged': JSON.stringify([`/${'x'.repeat(5000)}`]) });
    expect(readStagedPaths(tooLong)).toEqual([]);
  });

  it('works without storage, and a full one does not break staging', () => {
    expect(readStagedPaths(undefined)).toEqual([]);
    const full: PathStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => writeStagedPaths(['/s/a.svs'], full)).not.toThrow();
  });
});
