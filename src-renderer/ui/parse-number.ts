export type ParsedNumber = { ok: true; value: number | undefined } | { ok: false; error: string };

/** A whole-number form field: empty is "not given"; anything else must be a whole number from 0 up. */
export function parseWholeNumber(text: string, what = 'This'): ParsedNumber {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(trimmed))
    return { ok: false, error: `${what} must be a whole number (0 or more), like 1204.` };
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) return { ok: false, error: `${what} is too large.` };
  return { ok: true, value };
}
