import { describe, expect, it } from 'vitest';
import { fitMiddleEllipsis, middleEllipsis } from '../../../src-renderer/ui/middle-ellipsis.js';

const A2 = 'CASE-0001_prostate_biopsy_left_apex_core_A2.svs';
const B7 = 'CASE-0001_prostate_biopsy_left_apex_core_B7.svs';

describe('middle ellipsis for long file names', () => {
  it('leaves a name that fits alone', () => {
    expect(middleEllipsis('short.svs', 20)).toBe('short.svs');
    expect(middleEllipsis('exactly-ten', 11)).toBe('exactly-ten');
  });

  it('cuts the middle, keeping the start and the end with the extension', () => {
    const cut = middleEllipsis(A2, 28);
    expect(cut).toBe('CASE-0001_prost…_core_A2.svs');
    expect(Array.from(cut)).toHaveLength(28);
  });

  it('keeps two names that differ only at the end distinguishable', () => {
    for (const max of [12, 20, 28, 40]) expect(middleEllipsis(A2, max)).not.toBe(middleEllipsis(B7, max));
  });

  it('never splits a character made of two code units', () => {
    const name = `${'🔬'.repeat(30)}.svs`;
    const cut = middleEllipsis(name, 12);
    expect(Array.from(cut)).toHaveLength(12);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('fits the longest cut form into a measured width', () => {
    const measure = (text: string) => Array.from(text).length * 7; // a 7-unit monospace stand-in
    expect(fitMiddleEllipsis('short.svs', 200, measure)).toBe('short.svs');
    const fitted = fitMiddleEllipsis(A2, 28 * 7, measure);
    expect(fitted).toBe('CASE-0001_prost…_core_A2.svs');
    // One unit less and one character must go.
    expect(Array.from(fitMiddleEllipsis(A2, 28 * 7 - 1, measure))).toHaveLength(27);
  });
});
