/** The mark put where characters were left out. */
export const ELLIPSIS = '…';

/**
 * Shortens a file name to `max` characters by cutting its middle, keeping the start and the end with the
 * extension: "CASE-0001_prost…_core_A2.svs". Slide names from one scanner share long prefixes and differ at the
 * end (core, block, stain), which a trailing "…" would hide; the middle is what they have in common.
 */
export function middleEllipsis(name: string, max: number): string {
  const chars = Array.from(name); // by code point, so an emoji or accented letter is never split
  if (chars.length <= max) return name;
  const room = Math.max(0, max - 1);
  // The end carries the distinguishing suffix and the extension: give it a bit under half the room (the start
  // names the case, and is read first), at least the extension and a few characters before it when they fit.
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)).length : 0;
  const tail = Math.min(room, Math.max(Math.floor((room * 4) / 9), extension + 4));
  const head = room - tail;
  return `${chars.slice(0, head).join('')}${ELLIPSIS}${chars.slice(chars.length - tail).join('')}`;
}

/**
 * The longest middle-ellipsis form of `name` that `measure` says fits in `width` (whatever unit both use); the
 * name itself when it fits. Binary search: the measured width grows with the number of characters kept.
 */
export function fitMiddleEllipsis(name: string, width: number, measure: (text: string) => number): string {
  if (measure(name) <= width) return name;
  let low = 1;
  let high = Array.from(name).length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(middleEllipsis(name, mid)) <= width) low = mid;
    else high = mid - 1;
  }
  return middleEllipsis(name, low);
}
