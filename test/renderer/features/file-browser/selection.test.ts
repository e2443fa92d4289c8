import { describe, expect, it } from 'vitest';
import {
  chooseAll,
  chosenInOrder,
  clickRow,
  emptySelection,
  moveTo,
  toggleActive,
  type Row,
} from '../../../../src-renderer/features/file-browser/selection.js';

// A folder as the file browser lists it when picking files: one folder first (not choosable), then files.
const rows: Row[] = [
  { path: '/s/case-1', selectable: false },
  { path: '/s/a.svs', selectable: true },
  { path: '/s/b.svs', selectable: true },
  { path: '/s/c.svs', selectable: true },
  { path: '/s/d.svs', selectable: true },
];

describe('file browser selection', () => {
  it('a click chooses one row; Ctrl+click adds and removes; Shift+click takes the range', () => {
    let selection = clickRow(emptySelection(), rows, 1);
    expect(selection).toMatchObject({ chosen: ['/s/a.svs'], active: 1, anchor: 1 });
    selection = clickRow(selection, rows, 3, { toggle: true });
    expect(selection.chosen).toEqual(['/s/a.svs', '/s/c.svs']);
    // The range runs from the last row clicked (c), as in a file manager.
    selection = clickRow(selection, rows, 4, { shift: true });
    expect(selection.chosen).toEqual(['/s/c.svs', '/s/d.svs']);
    selection = clickRow(selection, rows, 4, { toggle: true });
    expect(selection.chosen).toEqual(['/s/c.svs']);
    selection = clickRow(selection, rows, 2);
    expect(selection.chosen).toEqual(['/s/b.svs']);
  });

  it('a range skips rows that cannot be chosen; clicking one only moves the keyboard there', () => {
    let selection = clickRow(emptySelection(), rows, 2);
    selection = clickRow(selection, rows, 0, { shift: true });
    expect(selection.chosen).toEqual(['/s/a.svs', '/s/b.svs']);
    selection = clickRow(selection, rows, 0);
    expect(selection).toMatchObject({ chosen: ['/s/a.svs', '/s/b.svs'], active: 0 });
  });

  it('arrows move the keyboard without changing the choice; Space toggles; Shift+arrows extend', () => {
    let selection = moveTo(emptySelection(), rows, 1);
    selection = toggleActive(selection, rows);
    selection = moveTo(selection, rows, 2);
    selection = moveTo(selection, rows, 3);
    selection = toggleActive(selection, rows);
    expect(selection.chosen).toEqual(['/s/a.svs', '/s/c.svs']);
    selection = moveTo(selection, rows, 4, true);
    expect(selection.chosen).toEqual(['/s/c.svs', '/s/d.svs']);
    selection = toggleActive(selection, rows);
    expect(selection.chosen).toEqual(['/s/c.svs']);
    // Clamped at both ends; Space on a folder does nothing.
    expect(moveTo(selection, rows, 99).active).toBe(4);
    expect(toggleActive(moveTo(selection, rows, -5), rows).chosen).toEqual(['/s/c.svs']);
  });

  it('Ctrl+A chooses every choosable row; a single-choice browser keeps one', () => {
    expect(chooseAll(emptySelection(), rows).chosen).toEqual(rows.slice(1).map((row) => row.path));
    let single = clickRow(emptySelection(true), rows, 1);
    single = clickRow(single, rows, 3, { toggle: true });
    single = moveTo(single, rows, 4, true);
    expect(chooseAll(single, rows).chosen).toEqual(['/s/c.svs']);
  });

  it('returns what was chosen in list order, wherever it was clicked first', () => {
    let selection = clickRow(emptySelection(), rows, 4);
    selection = clickRow(selection, rows, 1, { toggle: true });
    expect(chosenInOrder(selection, rows)).toEqual(['/s/a.svs', '/s/d.svs']);
  });

  it('an empty folder has nowhere to move', () => {
    expect(moveTo(emptySelection(), [], 1)).toEqual(emptySelection());
    expect(clickRow(emptySelection(), [], 0)).toEqual(emptySelection());
  });
});
