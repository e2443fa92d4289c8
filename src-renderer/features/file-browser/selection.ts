/**
 * Which rows of the in-app file browser are chosen, as a list box does it: click picks one, Ctrl/⌘+click adds or
 * removes one, Shift+click (or Shift+arrow) picks the range from the anchor, Space toggles the active row. Pure,
 * so every rule is unit tested without a DOM. Rows that cannot be chosen (folders when picking files) are skipped.
 */
export interface Selection {
  /** Chosen paths. */
  chosen: readonly string[];
  /** The row the keyboard is on (-1: none). */
  active: number;
  /** Where a Shift range starts. */
  anchor: number;
  /** One row at most (choosing a folder to watch). */
  single: boolean;
}

export interface Row {
  path: string;
  selectable: boolean;
}

export const emptySelection = (single = false): Selection => ({ chosen: [], active: -1, anchor: -1, single });

const clamp = (index: number, rows: readonly Row[]) => Math.max(0, Math.min(rows.length - 1, index));

function range(rows: readonly Row[], from: number, to: number): string[] {
  const [low, high] = from <= to ? [from, to] : [to, from];
  return rows.slice(low, high + 1).flatMap((row) => (row.selectable ? [row.path] : []));
}

/** A pointer press on row `index`. */
export function clickRow(
  selection: Selection,
  rows: readonly Row[],
  index: number,
  modifiers: { shift?: boolean; toggle?: boolean } = {},
): Selection {
  const row = rows[index];
  if (!row) return selection;
  const base = { ...selection, active: index };
  // A range may end on a folder (it is skipped, the files between still count).
  if (modifiers.shift && selection.anchor >= 0 && !selection.single)
    return { ...base, chosen: range(rows, selection.anchor, index) };
  if (!row.selectable) return base;
  if (selection.single) return { ...base, chosen: [row.path], anchor: index };
  if (modifiers.toggle) return { ...toggled(selection, row.path), active: index, anchor: index };
  return { ...base, chosen: [row.path], anchor: index };
}

function toggled(selection: Selection, path: string): Selection {
  const has = selection.chosen.includes(path);
  if (selection.single) return { ...selection, chosen: has ? [] : [path] };
  return {
    ...selection,
    chosen: has ? selection.chosen.filter((item) => item !== path) : [...selection.chosen, path],
  };
}

/** Space on the active row. */
export function toggleActive(selection: Selection, rows: readonly Row[]): Selection {
  const row = rows[selection.active];
  if (!row?.selectable) return selection;
  return { ...toggled(selection, row.path), anchor: selection.active };
}

/**
 * Arrow keys, Home/End, Page keys: moves the active row to `to` (clamped). With Shift the range from the anchor
 * is chosen, as in a file manager; without it the choice stays, so Space can add rows one by one.
 */
export function moveTo(selection: Selection, rows: readonly Row[], to: number, shift = false): Selection {
  if (rows.length === 0) return selection;
  const active = clamp(to, rows);
  if (!shift || selection.single) return { ...selection, active };
  const anchor = selection.anchor >= 0 ? selection.anchor : Math.max(0, selection.active);
  return { ...selection, active, anchor, chosen: range(rows, anchor, active) };
}

/** Ctrl/⌘+A. */
export function chooseAll(selection: Selection, rows: readonly Row[]): Selection {
  if (selection.single) return selection;
  return { ...selection, chosen: rows.flatMap((row) => (row.selectable ? [row.path] : [])) };
}

/** The chosen paths in the order they are listed (a Ctrl+click order is not the user's intent). */
export function chosenInOrder(selection: Selection, rows: readonly Row[]): string[] {
  const chosen = new Set(selection.chosen);
  const listed = rows.filter((row) => chosen.has(row.path)).map((row) => row.path);
  // Chosen rows on pages no longer shown still count.
  const shown = new Set(listed);
  return [...listed, ...selection.chosen.filter((path) => !shown.has(path))];
}
