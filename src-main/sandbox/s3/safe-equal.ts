import { timingSafeEqual } from 'node:crypto';

/** Compares signatures without leaking, through timing, how many leading characters matched. */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
