import { UsageError } from '../../usage-error.js';

/** "20,21" → [20, 21]. Anything but whole numbers separated by commas is a usage error naming the option. */
export function parseUserIds(option: string, value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const example = `e.g. ${option} 20,21`;
  if (parts.every((part) => part === ''))
    throw new UsageError(`${option} needs at least one user id, ${example}.`);
  const bad = parts.filter((part) => !/^\d+$/.test(part) || !Number.isSafeInteger(Number(part)));
  if (bad.length > 0) {
    const named = bad.map((part) => `"${part}"`).join(', ');
    throw new UsageError(
      `${option}: ${named} ${bad.length === 1 ? 'is not a user id' : 'are not user ids'}; give whole numbers separated by commas, ${example}.`,
    );
  }
  return [...new Set(parts.map(Number))];
}
