import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src-shared/api/index.js';
import { filterLogs, logTypes } from '../../../../src-renderer/features/images/log-filter.js';

const entry = (id: number, type: string): LogEntry => ({
  id,
  imageid: 'abc',
  type,
  message: `${type} ${id}`,
  adddate: `2024-01-01 10:00:${String(id).padStart(2, '0')}.000000`,
});
const entries = [entry(1, 'Upload'), entry(2, 'Tiling'), entry(3, 'Tiling'), entry(4, 'Prediction')];

describe('log filtering', () => {
  it('lists the types once, sorted', () => {
    expect(logTypes(entries)).toEqual(['Prediction', 'Tiling', 'Upload']);
  });

  it('keeps one type, newest first', () => {
    expect(filterLogs(entries, 'Tiling').map((e) => e.id)).toEqual([3, 2]);
    expect(filterLogs(entries, null).map((e) => e.id)).toEqual([4, 3, 2, 1]);
  });

  it('falls back to the server order without ids or times', () => {
    const bare = [
      { imageid: 'a', type: 'T', message: 'first' },
      { imageid: 'a', type: 'T', message: 'second' },
    ];
    expect(filterLogs(bare, null).map((e) => e.message)).toEqual(['second', 'first']);
  });
});
