import { describe, expect, it } from 'vitest';
import {
  baseName,
  formatBytes,
  formatCompactDateTime,
  formatDuration,
  formatEta,
  formatPercent,
  formatRelativeTime,
  formatRetryIn,
  formatSpeed,
  plural,
} from '../../../src-renderer/ui/format.js';
import {
  formatBytes as sharedFormatBytes,
  formatSpeed as sharedFormatSpeed,
} from '../../../src-shared/units/index.js';
import { parseWholeNumber } from '../../../src-renderer/ui/parse-number.js';

describe('format helpers', () => {
  it('sizes and speeds are the shared binary-unit formatter, not a second copy', () => {
    expect(formatBytes).toBe(sharedFormatBytes);
    expect(formatSpeed).toBe(sharedFormatSpeed);
  });

  it('durations, ETA and retry countdowns', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(4800)).toBe('1 h 20 min');
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2 d 4 h');
    expect(formatEta(null)).toBe('');
    expect(formatEta(2)).toBe('a few seconds left');
    expect(formatEta(600)).toBe('10 min left');
    expect(formatRetryIn(12_000, 0)).toBe('Retrying in 12 s');
    expect(formatRetryIn(0, 5)).toBe('Retrying now');
  });

  it('relative times, percentages, plurals and base names', () => {
    const now = Date.UTC(2025, 2, 12, 12);
    expect(formatRelativeTime(now - 10_000, now)).toBe('just now');
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelativeTime(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(formatRelativeTime(null, now)).toBe('—');
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(1204, 'file')).toBe('1,204 files');
    expect(baseName('/a/b/slide.svs')).toBe('slide.svs');
    expect(baseName('C:\\data\\slides\\')).toBe('slides');
  });

  it('whole numbers from form text', () => {
    expect(parseWholeNumber('')).toEqual({ ok: true, value: undefined });
    expect(parseWholeNumber(' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseWholeNumber('4.2', 'Patient ID')).toEqual({
      ok: false,
      error: 'Patient ID must be a whole number (0 or more), like 1204.',
    });
    expect(parseWholeNumber('-1').ok).toBe(false);
  });

  it('writes compact local date-times for narrow columns', () => {
    expect(formatCompactDateTime(new Date(2026, 10, 25, 21, 4))).toBe('2026-11-25 21:04');
    expect(formatCompactDateTime(new Date(2026, 0, 5, 7, 30))).toBe('2026-01-05 07:30');
    expect(formatCompactDateTime(null)).toBe('—');
    expect(formatCompactDateTime('not a date')).toBe('—');
  });
});
