import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatSpeed,
  GiB,
  KiB,
  MiB,
  mibPerSecondText,
  parseRate,
} from '../../../src-shared/units/index.js';

describe('the one unit system (binary units, MiB/s)', () => {
  it('formats sizes in KiB, MiB and GiB with three significant digits at most', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12 * MiB + 300 * KiB)).toBe('12 MiB');
    expect(formatBytes(5.5 * MiB)).toBe('5.5 MiB');
    expect(formatBytes(3.2 * GiB)).toBe('3.2 GiB');
    // Just under a unit rounds up into it rather than printing "1024 KiB".
    expect(formatBytes(MiB - 100)).toBe('1.0 MiB');
    expect(formatBytes(9.97 * MiB)).toBe('10 MiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats speeds in MiB/s', () => {
    expect(formatSpeed(2.5 * MiB)).toBe('2.5 MiB/s');
    expect(formatSpeed(250 * KiB)).toBe('250 KiB/s');
    expect(formatSpeed(0)).toBe('—');
  });

  it('reads --limit-rate values in binary units, "M" meaning MiB/s', () => {
    expect(parseRate('5M')).toBe(5 * MiB);
    expect(parseRate('500K')).toBe(500 * KiB);
    expect(parseRate('1.5G')).toBe(1.5 * GiB);
    expect(parseRate('20MiB/s')).toBe(20 * MiB);
    expect(parseRate('1000')).toBe(1000);
    expect(() => parseRate('fast')).toThrow(/binary units/);
  });

  it('shows a stored limit as the MiB/s the Settings field takes, the same number --limit-rate takes', () => {
    expect(mibPerSecondText(parseRate('5M'))).toBe('5');
    expect(mibPerSecondText(2.5 * MiB)).toBe('2.5');
    // A limit saved by an older version in decimal MB/s shows its exact binary value; the speed does not change.
    expect(mibPerSecondText(5_000_000)).toBe('4.768');
  });
});
