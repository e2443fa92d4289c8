import type { DicomInstance } from './dicom-instance.js';

/**
 * A concatenation is one image split over several files (PS3.3 C.7.6.16): every part has the same
 * ConcatenationUID, its own InConcatenationNumber (1 …) and the same InConcatenationTotalNumber. The image
 * is whole only when every part from 1 to the total is here exactly once, and the parts agree on its size.
 */

export type ConcatenationProblem =
  | { kind: 'missing'; present: DicomInstance[]; missing: number[]; total: number }
  | { kind: 'conflict'; a: DicomInstance; b: DicomInstance; what: string };

/** Above this, a total is corrupt (and listing the missing parts would be absurd). */
const MAX_PARTS = 10_000;

/** The instances of each concatenation, by ConcatenationUID, in part order. */
export function concatenationsOf(instances: readonly DicomInstance[]): DicomInstance[][] {
  const groups = new Map<string, DicomInstance[]>();
  for (const instance of instances) {
    if (!instance.concatenationUid) continue;
    const group = groups.get(instance.concatenationUid) ?? [];
    group.push(instance);
    groups.set(instance.concatenationUid, group);
  }
  return [...groups.values()].map((group) =>
    group.sort((a, b) => (a.inConcatenationNumber ?? 0) - (b.inConcatenationNumber ?? 0)),
  );
}

export function concatenationProblem(parts: readonly DicomInstance[]): ConcatenationProblem | undefined {
  const first = parts[0];
  if (!first) return undefined;
  for (const part of parts.slice(1)) {
    const conflict = disagreement(first, part);
    if (conflict) return { kind: 'conflict', a: first, b: part, what: conflict };
  }
  const total = first.inConcatenationTotalNumber ?? 0;
  if (total < 1 || total > MAX_PARTS) {
    return { kind: 'conflict', a: first, b: first, what: 'it does not say how many parts its image has' };
  }
  const byNumber = new Map<number, DicomInstance>();
  for (const part of parts) {
    const number = part.inConcatenationNumber ?? 0;
    if (number < 1 || number > total)
      return { kind: 'conflict', a: part, b: part, what: `it says it is part ${number} of ${total}` };
    const other = byNumber.get(number);
    if (other) return { kind: 'conflict', a: other, b: part, what: `both say they are part ${number}` };
    byNumber.set(number, part);
  }
  const missing: number[] = [];
  for (let number = 1; number <= total; number += 1) if (!byNumber.has(number)) missing.push(number);
  return missing.length > 0 ? { kind: 'missing', present: [...parts], missing, total } : undefined;
}

/** What two parts of one image disagree about, if anything. */
function disagreement(a: DicomInstance, b: DicomInstance): string | undefined {
  if (a.inConcatenationTotalNumber !== b.inConcatenationTotalNumber)
    return `they disagree about how many parts the image has (${a.inConcatenationTotalNumber ?? '?'} and ${b.inConcatenationTotalNumber ?? '?'})`;
  if (a.totalColumns !== b.totalColumns || a.totalRows !== b.totalRows)
    return `they disagree about the image size (${size(a)} and ${size(b)} pixels)`;
  if (a.columns !== b.columns || a.rows !== b.rows)
    return `they disagree about the tile size (${a.columns ?? '?'}×${a.rows ?? '?'} and ${b.columns ?? '?'}×${b.rows ?? '?'} pixels)`;
  return undefined;
}

export const size = (instance: DicomInstance): string =>
  `${instance.totalColumns ?? '?'}×${instance.totalRows ?? '?'}`;
