import type { ImageRow } from '../../../src-shared/app/results.js';

/** Lower-cased text a row is searched in, computed once per row object (refreshes bring new objects). */
const haystacks = new WeakMap<ImageRow, string>();

function haystackOf(row: ImageRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.filename, row.image_unique_id, row.patient_id ?? '', row.description ?? '']
      .join('\n')
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** Splits a search into lower-case words; a row matches when it contains every word. */
export function searchTerms(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Matches filename, image_unique_id, patient id and description. */
export function matchesSearch(row: ImageRow, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const text = haystackOf(row);
  return terms.every((term) => text.includes(term));
}
