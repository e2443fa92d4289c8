/** Checks what a user types into the sharing inputs before anything is sent. */

export type ShareInputResult = { ok: true; ids: number[] } | { ok: false; message: string };

/** The command accepts at most this many ids per call. */
const MAX_IDS = 1000;

const plural = (ids: readonly number[], one: string, many: string): string =>
  ids.length === 1 ? `User ${ids[0]} ${one}` : `Users ${ids.join(', ')} ${many}`;

/** "19, 20 21" → [19, 20, 21]; duplicates are folded; anything but whole non-negative numbers is refused. */
export function parseUserIdList(text: string): ShareInputResult {
  const tokens = text.split(/[\s,;]+/).filter((token) => token !== '');
  const ids: number[] = [];
  for (const token of tokens) {
    if (!/^\d+$/.test(token)) {
      const hint = token.startsWith('-') ? 'User ids cannot be negative.' : 'Use whole numbers such as 19.';
      return { ok: false, message: `"${token}" is not a user id. ${hint}` };
    }
    const id = Number(token);
    if (!Number.isSafeInteger(id)) return { ok: false, message: `"${token}" is too large to be a user id.` };
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_IDS) return { ok: false, message: `At most ${MAX_IDS} user ids can be sent at once.` };
  return { ok: true, ids };
}

/** Ids to add to an image's list: at least one, none already in it, not the owner. */
export function validateUsersToAdd(
  text: string,
  current: readonly number[],
  ownerId: number | null,
): ShareInputResult {
  const parsed = parseUserIdList(text);
  if (!parsed.ok) return parsed;
  if (parsed.ids.length === 0) return { ok: false, message: 'Type a user id to share with, for example 20.' };
  if (ownerId !== null && parsed.ids.includes(ownerId))
    return { ok: false, message: `User ${ownerId} owns this image and always has access.` };
  const present = parsed.ids.filter((id) => current.includes(id));
  if (present.length > 0)
    return { ok: false, message: `${plural(present, 'is', 'are')} already in the list.` };
  return parsed;
}

/** A whole new list for "Replace list": the owner is always kept (first), so nobody locks the owner out. */
export function validateReplacementList(text: string, ownerId: number | null): ShareInputResult {
  const parsed = parseUserIdList(text);
  if (!parsed.ok) return parsed;
  const others = parsed.ids.filter((id) => id !== ownerId);
  const ids = ownerId === null ? others : [ownerId, ...others];
  if (ids.length === 0) return { ok: false, message: 'Type at least one user id, for example 19, 20.' };
  if (ids.length > MAX_IDS) return { ok: false, message: `At most ${MAX_IDS} user ids can be sent at once.` };
  return { ok: true, ids };
}
