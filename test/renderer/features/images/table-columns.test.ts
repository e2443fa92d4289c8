import { describe, expect, it } from 'vitest';
import { columnsFor, fitColumns } from '../../../../src-renderer/features/images/table-columns.js';

const keys = (width: number | null, allUsers = false) =>
  fitColumns(columnsFor(allUsers), width).map((column) => column.key);

describe('fitColumns', () => {
  it('shows every column when there is room or before the table is measured', () => {
    expect(keys(null)).toEqual(columnsFor(false).map((column) => column.key));
    expect(keys(2000, true)).toContain('owner');
  });

  it('hides study, patient, image id and added first, then the step badges; name, status and prediction stay', () => {
    // About what is left beside the details panel at 1280 px.
    const narrow = keys(600);
    expect(narrow).toEqual(['filename', 'status', 'tiling', 'prediction']);
    expect(
      fitColumns(columnsFor(false), 600).reduce((sum, column) => sum + column.minPx, 0),
    ).toBeLessThanOrEqual(600);
    const middle = keys(1050);
    expect(middle).toContain('added');
    expect(middle).not.toContain('study');
  });

  it('never hides the columns that always stay, however narrow', () => {
    expect(keys(100, true)).toEqual(['filename', 'status', 'prediction']);
  });
});
